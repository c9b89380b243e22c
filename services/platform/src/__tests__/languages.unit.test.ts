import { expect } from "chai";
import { languageFromAcceptLanguage, localize } from "../languages.js";

describe("platform > languages", () => {
  it("gives the text in the language asked for, else English, else Dutch, and says which", () => {
    const text = { NL: "Gedeelde werkruimten", EN: "Shared workspaces", FR: "Espaces de travail partagés" };
    expect(localize(text, "FR")).to.deep.equal({ text: "Espaces de travail partagés", lang: "FR" });
    expect(localize(text, "HU")).to.deep.equal({ text: "Shared workspaces", lang: "EN" });
    expect(localize({ NL: "Begrotingsprioriteiten" }, "SV")).to.deep.equal({
      text: "Begrotingsprioriteiten",
      lang: "NL",
    });
    expect(localize({ IT: "Solo italiano" }, "DE")).to.deep.equal({ text: "Solo italiano", lang: "IT" });
    expect(localize({}, "DE")).to.equal(null);
  });

  it("reads Accept-Language by q-value, regional variants included", () => {
    expect(languageFromAcceptLanguage("fr")).to.equal("FR");
    expect(languageFromAcceptLanguage("fr-BE,fr;q=0.9,en;q=0.5")).to.equal("FR");
    expect(languageFromAcceptLanguage("nl-BE")).to.equal("NL");
    expect(languageFromAcceptLanguage("en;q=0.3, de;q=0.8")).to.equal("DE");
    expect(languageFromAcceptLanguage("sv-SE")).to.equal("SV");
    expect(languageFromAcceptLanguage("ja, zh")).to.equal("EN");
    expect(languageFromAcceptLanguage("ja", "NL")).to.equal("NL");
    expect(languageFromAcceptLanguage(undefined)).to.equal("EN");
    expect(languageFromAcceptLanguage("*")).to.equal("EN");
  });
});
