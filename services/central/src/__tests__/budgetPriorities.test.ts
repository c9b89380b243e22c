import { expect } from "chai";
import { startTestPostgres, type PostgresServer } from "@smart/devdb";
import { startCentralTestServer, type CentralTestServer } from "./support/centralTestServer.js";

const PRIORITIES = `query ($lang: Language) {
  assembly(id: "EU:ga-2023") {
    budgetPriorities { id rank area title(lang: $lang) description(lang: $lang) language(lang: $lang) languages }
  }
}`;

interface Priority {
  id: string;
  rank: number;
  area: string;
  title: string;
  description: string;
  language: string;
  languages: string[];
}

describe("central > budget priorities and languages", () => {
  let postgres: PostgresServer;
  let central: CentralTestServer;
  const priorities = async (lang?: string, headers?: Record<string, string>) => {
    const { data, errors } = await central.query<{ assembly: { budgetPriorities: Priority[] } }>(
      PRIORITIES,
      { lang },
      headers,
    );
    expect(errors, JSON.stringify(errors)).to.equal(undefined);
    return data!.assembly.budgetPriorities;
  };

  before(async () => {
    postgres = await startTestPostgres();
    central = await startCentralTestServer(postgres, "budget");
  });
  after(async () => {
    await central?.stop();
    await postgres?.stop();
  });

  it("gives the assembly's four priorities in Dutch as the assembly wrote them, in rank order", async () => {
    const dutch = await priorities("NL");
    expect(dutch.map((p) => [p.rank, p.area, p.title, p.language])).to.deep.equal([
      [1, "SHARED_TOOLS_AND_SERVICES", "De bestaande gemeenschappelijke tools en diensten verbeteren", "NL"],
      [
        2,
        "COOPERATIVE_LIFE",
        "De animatie en de ontwikkeling van het coöperatieve en participatieve leven versterken",
        "NL",
      ],
      [3, "INTERNATIONAL_DEVELOPMENT", "Onze internationale ontwikkeling bevorderen", "NL"],
      [
        4,
        "SHARED_WORKSPACES",
        "Het aanbod van gedeelde werkruimten (gedeelde plekken, coworking enz.) voortzetten en intensiveren",
        "NL",
      ],
    ]);
    expect(dutch[1]!.description).to.contain("Smart In Progress wordt sinds 2015 ontwikkeld in België.");
    expect(dutch[1]!.description).to.contain("meer dan 4000 personen");
    expect(dutch[2]!.description).to.match(/^Smart is vandaag actief in bijna 40 steden in 9 Europese landen\./);
    expect(dutch[3]!.description).to.match(
      /Smart beheert vandaag, alleen of in partnerschap, een tiental gedeelde werkruimten\.$/,
    );
    expect(dutch[0]!.languages).to.deep.equal(["NL", "FR", "DE", "EN", "ES", "IT"]);
  });

  it("translates them into French, English and German", async () => {
    expect((await priorities("FR")).map((p) => [p.title, p.language])[2]).to.deep.equal([
      "Favoriser notre développement international",
      "FR",
    ]);
    expect((await priorities("EN"))[3]!.description).to.contain("about ten shared workspaces");
    expect((await priorities("DE"))[0]!.title).to.equal("Die bestehenden gemeinsamen Tools und Dienste verbessern");
  });

  it("falls back to English for a language without a translation, and says so", async () => {
    const hungarian = await priorities("HU");
    const english = await priorities("EN");
    expect(hungarian.map((p) => p.title)).to.deep.equal(english.map((p) => p.title));
    expect(hungarian.map((p) => p.language)).to.deep.equal(["EN", "EN", "EN", "EN"]);
  });

  it("answers without `lang` in the caller's Accept-Language, else in English", async () => {
    expect((await priorities(undefined, { "accept-language": "fr-BE,fr;q=0.9,nl;q=0.8" }))[0]!.title).to.equal(
      "Améliorer les outils et services mutualisés existants",
    );
    expect((await priorities(undefined, { "accept-language": "nl-BE" }))[0]!.language).to.equal("NL");
    expect((await priorities(undefined, {}))[0]!.language).to.equal("EN");
    // `lang` wins over the header.
    expect((await priorities("DE", { "accept-language": "fr" }))[0]!.language).to.equal("DE");
  });

  it("names countries, units, SIP themes and recommendations in the language asked for", async () => {
    const { data, errors } = await central.query(`{
      country(code: HU) { fr: name(lang: FR) nl: name(lang: NL) hu: name(lang: HU) unitFr: unitName(lang: FR) }
      be: country(code: BE) { unitName(lang: NL) }
      sipCycle(id: "EU:sip-2015") { theme(lang: NL) recommendations { fr: title(lang: FR) de: title(lang: DE) en: title } }
    }`);
    expect(errors).to.equal(undefined);
    expect(data.country).to.deep.equal({ fr: "Hongrie", nl: "Hongarije", hu: "Magyarország", unitFr: "Smart Hongrie" });
    expect(data.be.unitName).to.equal("SmartCoop");
    expect(data.sipCycle.theme).to.equal("Wat Smart moet worden: de vennoten aan het woord");
    const first = data.sipCycle.recommendations[0];
    expect(first.fr).to.equal("Publier les comptes de la coopérative en langage clair");
    // No German translation: English.
    expect(first.de).to.equal(first.en);
  });

  it("counts Smart In Progress across its cycles", async () => {
    const { data, errors } = await central.query(
      `{ sipParticipation { since cycles participants cities units recommendationsDone recommendationsOpen } }`,
    );
    expect(errors).to.equal(undefined);
    const [expected] = await central.dataSource.query(`SELECT
      (SELECT count(DISTINCT member_id) FROM working_group_participant)::int AS participants,
      (SELECT count(DISTINCT city_id) FROM working_group)::int AS cities,
      (SELECT count(*) FROM recommendation WHERE status = 'DONE')::int AS done,
      (SELECT count(*) FROM recommendation WHERE status NOT IN ('DONE', 'REJECTED'))::int AS open`);
    expect(data.sipParticipation).to.deep.equal({
      since: 2015,
      cycles: 11,
      participants: expected.participants,
      cities: expected.cities,
      units: 9,
      recommendationsDone: expected.done,
      recommendationsOpen: expected.open,
    });
    expect(data.sipParticipation.participants).to.be.greaterThan(4000);
  });

  it("refuses a language that is none of Smart's", async () => {
    const { errors } = await central.query(`{ countries { name(lang: PT) } }`);
    expect(errors?.[0]?.extensions?.code).to.equal("GRAPHQL_VALIDATION_FAILED");
  });
});
