import { prefixedId, SeededRandom, type CountryCode, type Language } from "@smart/platform";
import type { RecommendationStatus } from "../entity/index.js";
import { cityId } from "./cityId.js";

type Texts = Partial<Record<Language, string>>;

interface RecommendationSeed {
  /** English first; French and Dutch for the Belgian members, other languages fall back to English. */
  title: Texts & { EN: string };
  status: RecommendationStatus;
}

interface WorkingGroupSeed {
  unit: CountryCode;
  city: string;
  topic: string;
  /** How many of the unit's members took part (drawn from those who had joined by the cycle's year). */
  size: number;
  /** Members of other units who joined this group, by ID. */
  guests?: string[];
  recommendations: RecommendationSeed[];
}

interface SipCycleSeed {
  year: number;
  /** English first, then the other languages the theme was translated into. */
  theme: Texts & { EN: string };
  themeVotedAtId: string | null;
  workingGroups: WorkingGroupSeed[];
  /** Recommendations of the cycle's closing plenary, from no single group. */
  plenary: RecommendationSeed[];
}

/** Working group rows as the seed writes them. */
export interface SeededWorkingGroup {
  cityId: string;
  topic: string;
  /** National member IDs, `<CODE>:m<N>`. */
  participants: string[];
  recommendations: RecommendationSeed[];
}

/**
 * Members per unit at the demo's default scale (`npm start`): participants are
 * drawn from `<CODE>:m1` … `<CODE>:m2000`. A unit seeded with fewer members
 * leaves the participants beyond its register unresolved (null).
 */
export const DEMO_MEMBERS_PER_UNIT = 2000;

// The national seed spreads join dates evenly from 2015-01-01 to 2026-10-31, numbering members in join order.
const JOIN_SPAN_YEARS = (Date.UTC(2026, 9, 31) - Date.UTC(2015, 0, 1)) / (365.25 * 86_400_000);

/** The highest member number of the demo that had joined by the end of `year`. */
export function lastMemberBy(year: number): number {
  return Math.min(DEMO_MEMBERS_PER_UNIT, Math.floor((DEMO_MEMBERS_PER_UNIT * (year - 2015 + 1)) / JOIN_SPAN_YEARS));
}

const rec = (status: RecommendationStatus, EN: string, FR: string, NL: string): RecommendationSeed => ({
  status,
  title: { EN, FR, NL },
});

/**
 * Smart In Progress, since 2015 in Belgium; France joined in 2017, Spain in 2018,
 * Italy and Germany in 2019, Austria in 2021, the Netherlands in 2022, Hungary in
 * 2024 and Sweden in 2025. Topics, outcomes and group sizes are invented; the
 * sizes make "more than 4,000 people have taken part" true of the demo data,
 * former members included (the national seed has members who left).
 */
const CYCLES: readonly SipCycleSeed[] = [
  {
    year: 2015,
    theme: {
      EN: "What Smart should become: members have their say",
      NL: "Wat Smart moet worden: de vennoten aan het woord",
      FR: "Ce que Smart doit devenir : la parole aux membres",
      DE: "Was aus Smart werden soll: die Mitglieder haben das Wort",
      ES: "Lo que Smart debe llegar a ser: la palabra a las personas socias",
      IT: "Che cosa deve diventare Smart: la parola ai soci",
    },
    themeVotedAtId: null,
    workingGroups: [
      {
        unit: "BE",
        city: "Brussels",
        topic: "What members expect of Smart",
        size: 60,
        recommendations: [
          rec(
            "DONE",
            "Publish the cooperative's accounts in plain language",
            "Publier les comptes de la coopérative en langage clair",
            "De rekeningen van de coöperatie in begrijpelijke taal publiceren",
          ),
        ],
      },
      {
        unit: "BE",
        city: "Ghent",
        topic: "Smart in Flanders",
        size: 30,
        recommendations: [
          rec(
            "DONE",
            "A Dutch-speaking adviser in every Flemish office",
            "Un conseiller néerlandophone dans chaque bureau flamand",
            "Een Nederlandstalige adviseur in elk Vlaams kantoor",
          ),
        ],
      },
      {
        unit: "BE",
        city: "Liège",
        topic: "Artists and their contracts",
        size: 30,
        recommendations: [
          rec(
            "IN_PROGRESS",
            "One adviser who follows a member from start to finish",
            "Un seul conseiller qui suit un membre du début à la fin",
            "Eén adviseur die een vennoot van begin tot eind volgt",
          ),
        ],
      },
    ],
    plenary: [
      rec(
        "DONE",
        "Give every member a voice in the cooperative's governance",
        "Donner à chaque membre une voix dans la gouvernance de la coopérative",
        "Elke vennoot een stem geven in het bestuur van de coöperatie",
      ),
    ],
  },
  {
    year: 2016,
    theme: {
      EN: "Becoming a cooperative together",
      NL: "Samen een coöperatie worden",
      FR: "Devenir ensemble une coopérative",
      DE: "Gemeinsam eine Genossenschaft werden",
      ES: "Convertirnos juntos en una cooperativa",
      IT: "Diventare insieme una cooperativa",
    },
    themeVotedAtId: null,
    workingGroups: [
      {
        unit: "BE",
        city: "Brussels",
        topic: "Statutes of the new cooperative",
        size: 120,
        recommendations: [
          rec(
            "DONE",
            "Adopt cooperative statutes: one member, one vote",
            "Adopter des statuts coopératifs : un membre, une voix",
            "Coöperatieve statuten aannemen: één vennoot, één stem",
          ),
        ],
      },
      {
        unit: "BE",
        city: "Antwerp",
        topic: "A share every member can afford",
        size: 60,
        recommendations: [
          rec(
            "DONE",
            "A yearly share within every member's reach",
            "Une part annuelle à la portée de chaque membre",
            "Een jaarlijks aandeel dat elke vennoot kan betalen",
          ),
        ],
      },
      {
        unit: "BE",
        city: "Charleroi",
        topic: "Freelancers beyond the arts",
        size: 50,
        recommendations: [
          rec(
            "DONE",
            "Open the cooperative to every kind of freelancer",
            "Ouvrir la coopérative à tous les indépendants",
            "De coöperatie openstellen voor alle soorten freelancers",
          ),
        ],
      },
      {
        unit: "BE",
        city: "Namur",
        topic: "Members far from Brussels",
        size: 40,
        recommendations: [
          rec(
            "DONE",
            "Hold the cooperative's meetings outside Brussels too",
            "Tenir aussi les réunions de la coopérative hors de Bruxelles",
            "De vergaderingen van de coöperatie ook buiten Brussel houden",
          ),
        ],
      },
    ],
    plenary: [],
  },
  {
    year: 2017,
    theme: {
      EN: "One member, one vote: governing the cooperative",
      NL: "Eén vennoot, één stem: de coöperatie besturen",
      FR: "Un membre, une voix : gouverner la coopérative",
      DE: "Ein Mitglied, eine Stimme: die Genossenschaft lenken",
      ES: "Una persona socia, un voto: gobernar la cooperativa",
      IT: "Un socio, un voto: governare la cooperativa",
    },
    themeVotedAtId: null,
    workingGroups: [
      {
        unit: "BE",
        city: "Brussels",
        topic: "Electing the board",
        size: 160,
        recommendations: [
          rec(
            "DONE",
            "Members elect part of the board",
            "Les membres élisent une partie du conseil d'administration",
            "De vennoten verkiezen een deel van de raad van bestuur",
          ),
        ],
      },
      {
        unit: "BE",
        city: "Mons",
        topic: "Assemblies in the provinces",
        size: 60,
        recommendations: [
          rec(
            "NOT_DONE",
            "A members' assembly in every province",
            "Une assemblée des membres dans chaque province",
            "Een ledenvergadering in elke provincie",
          ),
        ],
      },
      {
        unit: "FR",
        city: "Paris",
        topic: "Smart in France",
        size: 90,
        recommendations: [
          rec(
            "DONE",
            "A French cooperative of Smart's own",
            "Une coopérative Smart propre à la France",
            "Een eigen Smart-coöperatie in Frankrijk",
          ),
        ],
      },
    ],
    plenary: [
      rec(
        "REJECTED",
        "Vote by proxy at the general assembly",
        "Voter par procuration à l'assemblée générale",
        "Stemmen bij volmacht op de algemene vergadering",
      ),
    ],
  },
  {
    year: 2018,
    theme: {
      EN: "Fair pay and mutual guarantees",
      NL: "Eerlijke verloning en onderlinge waarborgen",
      FR: "Une juste rémunération et des garanties mutualisées",
      DE: "Faire Bezahlung und gemeinsame Absicherung",
      ES: "Remuneración justa y garantías mutualizadas",
      IT: "Compensi equi e garanzie mutualistiche",
    },
    themeVotedAtId: null,
    workingGroups: [
      {
        unit: "BE",
        city: "Brussels",
        topic: "Paying members on time",
        size: 200,
        recommendations: [
          rec(
            "DONE",
            "Pay members within seven days of invoicing, whenever the client pays",
            "Payer les membres dans les sept jours suivant la facture, quel que soit le moment où le client paie",
            "Vennoten binnen zeven dagen na facturatie betalen, ongeacht wanneer de klant betaalt",
          ),
        ],
      },
      {
        unit: "BE",
        city: "Leuven",
        topic: "First contracts of young graduates",
        size: 70,
        recommendations: [
          rec(
            "POSTPONED",
            "A starter package for young graduates",
            "Un accompagnement de départ pour les jeunes diplômés",
            "Een startpakket voor jonge afgestudeerden",
          ),
        ],
      },
      {
        unit: "FR",
        city: "Lille",
        topic: "A mutual guarantee fund",
        size: 110,
        recommendations: [
          rec(
            "DONE",
            "A guarantee fund that pays when a client does not",
            "Un fonds de garantie qui paie quand le client ne paie pas",
            "Een waarborgfonds dat betaalt als de klant niet betaalt",
          ),
        ],
      },
      {
        unit: "ES",
        city: "Madrid",
        topic: "Fair fees for artists",
        size: 80,
        recommendations: [
          rec(
            "IN_PROGRESS",
            "Publish minimum fees per discipline",
            "Publier des tarifs minimaux par discipline",
            "Minimumtarieven per discipline publiceren",
          ),
        ],
      },
    ],
    plenary: [],
  },
  {
    year: 2019,
    theme: {
      EN: "Smart beyond Belgium",
      NL: "Smart voorbij België",
      FR: "Smart au-delà de la Belgique",
      DE: "Smart über Belgien hinaus",
      ES: "Smart más allá de Bélgica",
      IT: "Smart oltre il Belgio",
    },
    themeVotedAtId: null,
    workingGroups: [
      {
        unit: "BE",
        city: "Brussels",
        topic: "Working with the other units",
        size: 220,
        recommendations: [
          rec(
            "NOT_DONE",
            "One membership valid in every unit",
            "Une seule adhésion valable dans toutes les entités",
            "Eén lidmaatschap dat in elke eenheid geldt",
          ),
        ],
      },
      {
        unit: "FR",
        city: "Lyon",
        topic: "Growing in the French regions",
        size: 130,
        recommendations: [
          rec(
            "DONE",
            "An office in every French region with members",
            "Un bureau dans chaque région française qui compte des membres",
            "Een kantoor in elke Franse regio met vennoten",
          ),
        ],
      },
      {
        unit: "ES",
        city: "Seville",
        topic: "Andalusian cultural workers",
        size: 90,
        recommendations: [
          rec(
            "IN_PROGRESS",
            "Contracts adapted to Andalusia's festivals",
            "Des contrats adaptés aux festivals andalous",
            "Contracten aangepast aan de Andalusische festivals",
          ),
        ],
      },
      {
        unit: "IT",
        city: "Milan",
        topic: "Starting Smart in Italy",
        size: 70,
        recommendations: [
          rec(
            "DONE",
            "Italian contracts for performing artists",
            "Des contrats italiens pour les artistes du spectacle",
            "Italiaanse contracten voor podiumkunstenaars",
          ),
        ],
      },
      {
        unit: "DE",
        city: "Berlin",
        topic: "Starting Smart in Germany",
        size: 60,
        recommendations: [
          rec(
            "DONE",
            "A German cooperative of Smart's own",
            "Une coopérative Smart propre à l'Allemagne",
            "Een eigen Smart-coöperatie in Duitsland",
          ),
        ],
      },
    ],
    plenary: [],
  },
  {
    year: 2020,
    theme: {
      EN: "Working through the crisis together",
      NL: "Samen door de crisis",
      FR: "Traverser la crise ensemble",
      DE: "Gemeinsam durch die Krise",
      ES: "Atravesar juntos la crisis",
      IT: "Attraversare insieme la crisi",
    },
    themeVotedAtId: null,
    workingGroups: [
      {
        unit: "BE",
        city: "Brussels",
        topic: "Income when gigs are cancelled",
        size: 240,
        recommendations: [
          rec(
            "DONE",
            "An emergency fund for members who lost their work",
            "Un fonds d'urgence pour les membres privés de travail",
            "Een noodfonds voor vennoten die hun werk verloren",
          ),
        ],
      },
      {
        unit: "BE",
        city: "Eupen",
        topic: "Members of the German-speaking Community",
        size: 40,
        recommendations: [
          rec(
            "IN_PROGRESS",
            "Every member document in German too",
            "Tous les documents des membres aussi en allemand",
            "Alle documenten voor vennoten ook in het Duits",
          ),
        ],
      },
      {
        unit: "FR",
        city: "Marseille",
        topic: "Working remotely",
        size: 140,
        recommendations: [
          rec(
            "DONE",
            "Sign every contract online",
            "Signer tous les contrats en ligne",
            "Alle contracten online ondertekenen",
          ),
        ],
      },
      {
        unit: "IT",
        city: "Rome",
        topic: "Artists without stages",
        size: 90,
        recommendations: [
          rec(
            "NOT_DONE",
            "Online stages for members' performances",
            "Des scènes en ligne pour les spectacles des membres",
            "Online podia voor voorstellingen van vennoten",
          ),
        ],
      },
      {
        unit: "DE",
        city: "Berlin",
        topic: "Short-time work for freelancers",
        size: 80,
        recommendations: [
          rec(
            "REJECTED",
            "Advance members' income from the cooperative's reserves",
            "Avancer les revenus des membres sur les réserves de la coopérative",
            "Het inkomen van vennoten voorschieten uit de reserves van de coöperatie",
          ),
        ],
      },
    ],
    plenary: [],
  },
  {
    year: 2021,
    theme: {
      EN: "Solidarity between members",
      NL: "Solidariteit tussen vennoten",
      FR: "La solidarité entre membres",
      DE: "Solidarität unter Mitgliedern",
      ES: "Solidaridad entre personas socias",
      IT: "Solidarietà tra soci",
    },
    themeVotedAtId: null,
    workingGroups: [
      {
        unit: "BE",
        city: "Brussels",
        topic: "A solidarity fund run by members",
        size: 250,
        recommendations: [
          rec(
            "DONE",
            "Members decide together how the solidarity fund is spent",
            "Les membres décident ensemble de l'usage du fonds de solidarité",
            "De vennoten beslissen samen hoe het solidariteitsfonds besteed wordt",
          ),
        ],
      },
      {
        unit: "BE",
        city: "Louvain-la-Neuve",
        topic: "Young members",
        size: 80,
        recommendations: [
          rec(
            "POSTPONED",
            "Mentoring of new members by experienced ones",
            "Le parrainage des nouveaux membres par des membres expérimentés",
            "Peterschap van nieuwe vennoten door ervaren vennoten",
          ),
        ],
      },
      {
        unit: "FR",
        city: "Toulouse",
        topic: "Mutual help between freelancers",
        size: 150,
        recommendations: [
          rec(
            "IN_PROGRESS",
            "A directory of members offering help to others",
            "Un annuaire des membres qui proposent leur aide",
            "Een gids van vennoten die anderen hulp aanbieden",
          ),
        ],
      },
      {
        unit: "ES",
        city: "Madrid",
        topic: "Members caring for relatives",
        size: 110,
        recommendations: [
          rec(
            "DONE",
            "Flexible contracts for members caring for relatives",
            "Des contrats souples pour les membres aidants",
            "Flexibele contracten voor vennoten die mantelzorg geven",
          ),
        ],
      },
      {
        unit: "AT",
        city: "Vienna",
        topic: "Starting Smart in Austria",
        size: 60,
        recommendations: [
          rec(
            "DONE",
            "An Austrian cooperative of Smart's own",
            "Une coopérative Smart propre à l'Autriche",
            "Een eigen Smart-coöperatie in Oostenrijk",
          ),
        ],
      },
    ],
    plenary: [],
  },
  {
    year: 2022,
    theme: {
      EN: "The cooperative close to home, in every region",
      NL: "De coöperatie dichtbij, in elke regio",
      FR: "La coopérative près de chez soi, dans chaque région",
      DE: "Die Genossenschaft vor Ort, in jeder Region",
      ES: "La cooperativa cerca de casa, en cada región",
      IT: "La cooperativa vicino a casa, in ogni regione",
    },
    themeVotedAtId: null,
    workingGroups: [
      {
        unit: "BE",
        city: "Antwerp",
        topic: "An office for the port city",
        size: 130,
        recommendations: [
          rec(
            "DONE",
            "Reopen the Antwerp office every weekday",
            "Rouvrir le bureau d'Anvers tous les jours de la semaine",
            "Het Antwerpse kantoor elke weekdag opnieuw openen",
          ),
        ],
      },
      {
        unit: "BE",
        city: "Namur",
        topic: "Wallonia's smaller towns",
        size: 90,
        recommendations: [
          rec(
            "NOT_DONE",
            "A travelling adviser for the smaller towns",
            "Un conseiller itinérant pour les petites villes",
            "Een rondreizende adviseur voor de kleinere steden",
          ),
        ],
      },
      {
        unit: "FR",
        city: "Nantes",
        topic: "The cooperative in western France",
        size: 150,
        recommendations: [
          rec(
            "IN_PROGRESS",
            "Regional meetings of French members twice a year",
            "Des rencontres régionales des membres français deux fois par an",
            "Tweemaal per jaar regionale ontmoetingen van Franse vennoten",
          ),
        ],
      },
      {
        unit: "ES",
        city: "Barcelona",
        topic: "Opening in Catalonia",
        size: 110,
        recommendations: [
          rec(
            "DONE",
            "Member documents in Catalan",
            "Des documents pour les membres en catalan",
            "Documenten voor vennoten in het Catalaans",
          ),
        ],
      },
      {
        unit: "IT",
        city: "Turin",
        topic: "Designers and illustrators",
        size: 110,
        recommendations: [
          rec(
            "IN_PROGRESS",
            "Copyright advice for designers",
            "Des conseils en droit d'auteur pour les designers",
            "Auteursrechtelijk advies voor ontwerpers",
          ),
        ],
      },
      {
        unit: "NL",
        city: "Amsterdam",
        topic: "Starting Smart in the Netherlands",
        size: 90,
        recommendations: [
          rec(
            "DONE",
            "A Dutch cooperative of Smart's own",
            "Une coopérative Smart propre aux Pays-Bas",
            "Een eigen Smart-coöperatie in Nederland",
          ),
        ],
      },
      {
        unit: "AT",
        city: "Graz",
        topic: "Members outside Vienna",
        size: 60,
        recommendations: [
          rec(
            "POSTPONED",
            "An adviser in Graz one day a week",
            "Un conseiller à Graz un jour par semaine",
            "Eén dag per week een adviseur in Graz",
          ),
        ],
      },
    ],
    plenary: [],
  },
  {
    year: 2023,
    theme: {
      EN: "Better shared tools and services",
      NL: "Betere gemeenschappelijke tools en diensten",
      FR: "De meilleurs outils et services mutualisés",
      DE: "Bessere gemeinsame Tools und Dienste",
      ES: "Mejores herramientas y servicios comunes",
      IT: "Strumenti e servizi comuni migliori",
    },
    themeVotedAtId: "EU:ga-2022",
    workingGroups: [
      {
        unit: "BE",
        city: "Brussels",
        topic: "Invoicing for first-time members",
        size: 300,
        guests: ["FR:m3"],
        recommendations: [
          rec(
            "DONE",
            "Explain each invoice line in plain language",
            "Expliquer chaque ligne de facture en langage clair",
            "Elke factuurregel in begrijpelijke taal uitleggen",
          ),
          rec(
            "DONE",
            "Let members draft invoices on their phone",
            "Permettre aux membres de préparer leurs factures sur leur téléphone",
            "Vennoten hun facturen laten opstellen op hun telefoon",
          ),
        ],
      },
      {
        unit: "FR",
        city: "Paris",
        topic: "Contracts for performing artists",
        size: 230,
        recommendations: [
          rec(
            "NOT_DONE",
            "One contract template per kind of gig",
            "Un modèle de contrat par type de prestation",
            "Eén contractmodel per soort opdracht",
          ),
        ],
      },
      {
        unit: "ES",
        city: "Málaga",
        topic: "Tools in Spanish and English",
        size: 150,
        recommendations: [
          rec(
            "DONE",
            "Translate the member portal into Spanish",
            "Traduire le portail des membres en espagnol",
            "Het ledenportaal in het Spaans vertalen",
          ),
        ],
      },
      {
        unit: "IT",
        city: "Bologna",
        topic: "One portal for Italian members",
        size: 120,
        recommendations: [
          rec(
            "IN_PROGRESS",
            "The member portal in Italian",
            "Le portail des membres en italien",
            "Het ledenportaal in het Italiaans",
          ),
        ],
      },
      {
        unit: "NL",
        city: "Rotterdam",
        topic: "Invoicing in English and Dutch",
        size: 100,
        recommendations: [
          rec(
            "DONE",
            "Invoices in the client's language",
            "Des factures dans la langue du client",
            "Facturen in de taal van de klant",
          ),
        ],
      },
    ],
    plenary: [
      rec(
        "REJECTED",
        "Replace the member portal with a new one in 2023",
        "Remplacer le portail des membres par un nouveau en 2023",
        "Het ledenportaal in 2023 door een nieuw vervangen",
      ),
    ],
  },
  {
    year: 2024,
    theme: {
      EN: "A livelier cooperative life across borders",
      NL: "Een levendiger coöperatief leven over de grenzen heen",
      FR: "Une vie coopérative plus vivante par-delà les frontières",
      DE: "Ein lebendigeres genossenschaftliches Leben über Grenzen hinweg",
      ES: "Una vida cooperativa más viva más allá de las fronteras",
      IT: "Una vita cooperativa più viva oltre i confini",
    },
    themeVotedAtId: "EU:ga-2023",
    workingGroups: [
      {
        unit: "BE",
        city: "Ghent",
        topic: "Member meet-ups outside Brussels",
        size: 200,
        guests: ["NL:m6"],
        recommendations: [
          rec(
            "IN_PROGRESS",
            "A monthly meet-up in every Belgian city",
            "Une rencontre mensuelle dans chaque ville belge",
            "Een maandelijkse ontmoeting in elke Belgische stad",
          ),
        ],
      },
      {
        unit: "BE",
        city: "Louvain-la-Neuve",
        topic: "Students joining the cooperative",
        size: 120,
        recommendations: [
          rec(
            "POSTPONED",
            "A reduced first share for students",
            "Une première part réduite pour les étudiants",
            "Een verlaagd eerste aandeel voor studenten",
          ),
        ],
      },
      {
        unit: "IT",
        city: "Milan",
        topic: "Working across borders",
        size: 160,
        guests: ["FR:m14", "DE:m2"],
        recommendations: [
          rec(
            "DONE",
            "A guide to working in another unit's country",
            "Un guide pour travailler dans le pays d'une autre entité",
            "Een gids om te werken in het land van een andere eenheid",
          ),
          rec(
            "IN_PROGRESS",
            "Recognise shares across units",
            "Reconnaître les parts d'une entité à l'autre",
            "Aandelen over de eenheden heen erkennen",
          ),
        ],
      },
      {
        unit: "DE",
        city: "Berlin",
        topic: "Voting online in the general assembly",
        size: 150,
        guests: ["AT:m3"],
        recommendations: [
          rec(
            "REJECTED",
            "Vote online at the general assembly",
            "Voter en ligne à l'assemblée générale",
            "Online stemmen op de algemene vergadering",
          ),
        ],
      },
      {
        unit: "FR",
        city: "Strasbourg",
        topic: "Members working in Germany",
        size: 150,
        recommendations: [
          rec(
            "IN_PROGRESS",
            "A joint desk of the French and German units",
            "Un guichet commun des entités française et allemande",
            "Een gezamenlijk loket van de Franse en Duitse eenheid",
          ),
        ],
      },
      {
        unit: "HU",
        city: "Budapest",
        topic: "Starting Smart in Hungary",
        size: 90,
        recommendations: [
          rec(
            "DONE",
            "A Hungarian cooperative of Smart's own",
            "Une coopérative Smart propre à la Hongrie",
            "Een eigen Smart-coöperatie in Hongarije",
          ),
        ],
      },
    ],
    plenary: [
      rec(
        "NOT_DONE",
        "Translate general assembly documents into every unit's language",
        "Traduire les documents de l'assemblée générale dans la langue de chaque entité",
        "De documenten van de algemene vergadering in de taal van elke eenheid vertalen",
      ),
    ],
  },
  {
    year: 2025,
    theme: {
      EN: "More shared workspaces, closer to members",
      NL: "Meer gedeelde werkruimten, dichter bij de vennoten",
      FR: "Plus d'espaces de travail partagés, plus près des membres",
      DE: "Mehr gemeinsame Arbeitsräume, näher an den Mitgliedern",
      ES: "Más espacios de trabajo compartidos, más cerca de las personas socias",
      IT: "Più spazi di lavoro condivisi, più vicini ai soci",
    },
    themeVotedAtId: "EU:ga-2024",
    workingGroups: [
      {
        unit: "BE",
        city: "Brussels",
        topic: "Booking desks at LaVallée",
        size: 320,
        guests: ["ES:m9"],
        recommendations: [
          rec(
            "IN_PROGRESS",
            "Book a desk for a half day",
            "Réserver un poste de travail pour une demi-journée",
            "Een werkplek voor een halve dag boeken",
          ),
        ],
      },
      {
        unit: "BE",
        city: "Liège",
        topic: "A workspace in Liège",
        size: 140,
        recommendations: [
          rec(
            "POSTPONED",
            "Open a workspace with a partner in Liège",
            "Ouvrir un espace de travail avec un partenaire à Liège",
            "Een werkruimte met een partner openen in Luik",
          ),
        ],
      },
      {
        unit: "FR",
        city: "Lyon",
        topic: "Studios for visual artists",
        size: 220,
        recommendations: [
          rec("IN_PROGRESS", "Rent studios by the month", "Louer des ateliers au mois", "Ateliers per maand huren"),
        ],
      },
      {
        unit: "ES",
        city: "Málaga",
        topic: "Coworking by the sea",
        size: 160,
        recommendations: [
          rec(
            "DONE",
            "A coworking partner in Málaga",
            "Un partenaire de coworking à Málaga",
            "Een coworkingpartner in Málaga",
          ),
        ],
      },
      {
        unit: "SE",
        city: "Stockholm",
        topic: "Sharing space with other cooperatives",
        size: 70,
        guests: ["HU:m2"],
        recommendations: [
          rec(
            "NOT_DONE",
            "Share a workspace with another cooperative",
            "Partager un espace de travail avec une autre coopérative",
            "Een werkruimte delen met een andere coöperatie",
          ),
        ],
      },
      {
        unit: "DE",
        city: "Hamburg",
        topic: "A second German workspace",
        size: 120,
        recommendations: [
          rec("NOT_DONE", "A workspace in Hamburg", "Un espace de travail à Hambourg", "Een werkruimte in Hamburg"),
        ],
      },
    ],
    plenary: [
      rec(
        "IN_PROGRESS",
        "About ten shared workspaces become twenty by 2028",
        "Qu'une dizaine d'espaces de travail partagés deviennent vingt d'ici 2028",
        "Van een tiental gedeelde werkruimten naar twintig tegen 2028",
      ),
    ],
  },
];

export interface SeededSipCycle {
  year: number;
  theme: Texts & { EN: string };
  themeVotedAtId: string | null;
  workingGroups: SeededWorkingGroup[];
  plenary: RecommendationSeed[];
}

/**
 * The cycles with their participants drawn, deterministically, from the members
 * each unit had by the cycle's year (the same every run and every machine).
 */
export function sipCycles(): SeededSipCycle[] {
  const random = new SeededRandom("sip-participants");
  return CYCLES.map((cycle) => ({
    year: cycle.year,
    theme: cycle.theme,
    themeVotedAtId: cycle.themeVotedAtId,
    plenary: cycle.plenary,
    workingGroups: cycle.workingGroups.map((group) => {
      const numbers = random.sample(
        Array.from({ length: lastMemberBy(cycle.year) }, (_, i) => i + 1),
        group.size,
      );
      return {
        cityId: cityId(group.unit, group.city),
        topic: group.topic,
        participants: [...numbers.map((n) => prefixedId(group.unit, `m${n}`)), ...(group.guests ?? [])],
        recommendations: group.recommendations,
      };
    }),
  }));
}
