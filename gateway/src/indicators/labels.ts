import { COUNTRY_NAMES, LANGUAGES, type CountryCode, type Language, type Translations } from "@smart/platform";

/**
 * What each indicator counts, in Dutch, French, English and German (written for
 * this project); the other languages read English until someone translates them.
 */
export const INDICATOR_LABELS: Record<string, Translations> = {
  "members.active": {
    NL: "Actieve vennoten bediend, alle eenheden",
    FR: "Membres actifs servis, toutes entités",
    EN: "Active members served, all units",
    DE: "Aktive Mitglieder, alle Einheiten",
  },
  "sip.current.participants": {
    NL: "Vennoten in de huidige cyclus van Smart In Progress",
    FR: "Membres participant au cycle en cours de Smart In Progress",
    EN: "Members taking part in the current Smart In Progress cycle",
    DE: "Mitglieder im laufenden Zyklus von Smart In Progress",
  },
  "sip.participants": {
    NL: "Unieke deelnemers aan Smart In Progress sinds de eerste cyclus",
    FR: "Participants distincts à Smart In Progress depuis le premier cycle",
    EN: "Distinct Smart In Progress participants since the first cycle",
    DE: "Verschiedene Teilnehmende an Smart In Progress seit dem ersten Zyklus",
  },
  "vote.turnout": {
    NL: "Stemmers bij de laatste stemming van de algemene vergadering, alle eenheden",
    FR: "Votants au dernier vote de l'assemblée générale, toutes entités",
    EN: "Voters in the general assembly's last vote, all units",
    DE: "Abstimmende bei der letzten Abstimmung der Generalversammlung, alle Einheiten",
  },
  "sip.since": {
    NL: "Jaar van de eerste cyclus van Smart In Progress",
    FR: "Année du premier cycle de Smart In Progress",
    EN: "Year of the first Smart In Progress cycle",
    DE: "Jahr des ersten Zyklus von Smart In Progress",
  },
  "sip.cycles": {
    NL: "Cycli van Smart In Progress",
    FR: "Cycles de Smart In Progress",
    EN: "Smart In Progress cycles",
    DE: "Zyklen von Smart In Progress",
  },
  "sip.cities": {
    NL: "Steden die een werkgroep hielden",
    FR: "Villes ayant accueilli un groupe de travail",
    EN: "Cities that held a working group",
    DE: "Städte mit einer Arbeitsgruppe",
  },
  "sip.recommendations.done": {
    NL: "Uitgevoerde aanbevelingen",
    FR: "Recommandations réalisées",
    EN: "Recommendations done",
    DE: "Umgesetzte Empfehlungen",
  },
  "sip.recommendations.open": {
    NL: "Aanbevelingen die nog open staan",
    FR: "Recommandations encore ouvertes",
    EN: "Recommendations still open",
    DE: "Noch offene Empfehlungen",
  },
  "countries.active": {
    NL: "Landen met actieve vennoten",
    FR: "Pays comptant des membres actifs",
    EN: "Countries with active members",
    DE: "Länder mit aktiven Mitgliedern",
  },
  "cities.active": {
    NL: "Steden waar de eenheden actief zijn",
    FR: "Villes où les entités sont actives",
    EN: "Cities the units work in",
    DE: "Städte, in denen die Einheiten tätig sind",
  },
  "members.activeAbroad": {
    NL: "Actieve vennoten die ook in het land van een andere eenheid werken",
    FR: "Membres actifs travaillant aussi dans le pays d’une autre entité",
    EN: "Active members also working in another unit's country",
    DE: "Aktive Mitglieder, die auch im Land einer anderen Einheit arbeiten",
  },
  "workspaces.open": {
    NL: "Open gedeelde werkruimten",
    FR: "Espaces de travail partagés ouverts",
    EN: "Open shared workspaces",
    DE: "Geöffnete gemeinsame Arbeitsräume",
  },
  "workspaces.partner": {
    NL: "Waarvan in partnerschap beheerd",
    FR: "Dont gérés avec un partenaire",
    EN: "Of which run with a partner",
    DE: "Davon mit einem Partner betrieben",
  },
  "seatDays.offered": {
    NL: "Aangeboden werkplekdagen, laatste 12 maanden",
    FR: "Journées-postes offertes, 12 derniers mois",
    EN: "Seat-days offered, last 12 months",
    DE: "Angebotene Platztage, letzte 12 Monate",
  },
  "seatDays.booked": {
    NL: "Geboekte werkplekdagen, laatste 12 maanden",
    FR: "Journées-postes réservées, 12 derniers mois",
    EN: "Seat-days booked, last 12 months",
    DE: "Gebuchte Platztage, letzte 12 Monate",
  },
  "workspaces.occupancy": {
    NL: "Bezettingsgraad, laatste 12 maanden",
    FR: "Taux d’occupation, 12 derniers mois",
    EN: "Occupancy, last 12 months",
    DE: "Auslastung, letzte 12 Monate",
  },
};

const VOTE_TURNOUT_IN_UNIT: Translations = {
  NL: "Stemmers bij de laatste stemming van de algemene vergadering: {country}",
  FR: "Votants au dernier vote de l'assemblée générale : {country}",
  EN: "Voters in the general assembly's last vote: {country}",
  DE: "Abstimmende bei der letzten Abstimmung der Generalversammlung: {country}",
};

const ACTIVE_IN_UNIT: Translations = {
  NL: "Actieve vennoten bediend: {country}",
  FR: "Membres actifs servis : {country}",
  EN: "Active members served: {country}",
  DE: "Aktive Mitglieder: {country}",
};

const IN_CURRENT_CYCLE: Translations = {
  NL: "Vennoten in de huidige cyclus van Smart In Progress: {country}",
  FR: "Membres participant au cycle en cours de Smart In Progress : {country}",
  EN: "Members taking part in the current Smart In Progress cycle: {country}",
  DE: "Mitglieder im laufenden Zyklus von Smart In Progress: {country}",
};

/** `members.active.<CODE>`'s label: the country named in the label's own language. */
export const activeInUnitLabel = (unit: CountryCode): Translations => perUnitLabel(ACTIVE_IN_UNIT, unit);

/** `vote.turnout.<CODE>`'s label. */
export const voteTurnoutInUnitLabel = (unit: CountryCode): Translations => perUnitLabel(VOTE_TURNOUT_IN_UNIT, unit);

/** `sip.current.participants.<CODE>`'s label: members of that unit, wherever their group meets. */
export const inCurrentCycleLabel = (unit: CountryCode): Translations => perUnitLabel(IN_CURRENT_CYCLE, unit);

/** A per-unit label: the country named in the label's own language. */
function perUnitLabel(templates: Translations, unit: CountryCode): Translations {
  const labels: Translations = {};
  for (const lang of LANGUAGES as readonly Language[]) {
    const template = templates[lang];
    if (template) labels[lang] = template.replace("{country}", COUNTRY_NAMES[unit]?.[lang] ?? unit);
  }
  return labels;
}
