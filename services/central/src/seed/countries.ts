import type { Country } from "../entity/index.js";

/** The nine national units. Legal forms and founding years are plausible, not official. */
export const COUNTRIES: readonly Country[] = [
  {
    code: "AT", name: "Austria", unitName: "Smart Austria", legalForm: "Genossenschaft (eGen)", founded: 2014,
    sharePriceAmount: 50, sharePriceCurrency: "EUR", sharePricePeriod: "ONCE", website: null, status: "ACTIVE",
  },
  {
    code: "BE", name: "Belgium", unitName: "SmartCoop", legalForm: "Société coopérative (SC)", founded: 1998,
    sharePriceAmount: 30, sharePriceCurrency: "EUR", sharePricePeriod: "YEARLY", website: "https://smart.coop", status: "ACTIVE",
  },
  {
    code: "DE", name: "Germany", unitName: "SmartDe eG", legalForm: "Eingetragene Genossenschaft (eG)", founded: 2015,
    sharePriceAmount: 50, sharePriceCurrency: "EUR", sharePricePeriod: "ONCE", website: null, status: "ACTIVE",
  },
  {
    code: "ES", name: "Spain", unitName: "Smart Ibérica", legalForm: "Sociedad cooperativa", founded: 2013,
    sharePriceAmount: 150, sharePriceCurrency: "EUR", sharePricePeriod: "ONCE", website: null, status: "ACTIVE",
  },
  {
    code: "FR", name: "France", unitName: "Smartfr", legalForm: "Société coopérative d'intérêt collectif (SCIC)", founded: 2009,
    sharePriceAmount: 20, sharePriceCurrency: "EUR", sharePricePeriod: "ONCE", website: null, status: "ACTIVE",
  },
  {
    code: "HU", name: "Hungary", unitName: "Smart Hungary", legalForm: "Szövetkezet", founded: 2017,
    sharePriceAmount: 10000, sharePriceCurrency: "HUF", sharePricePeriod: "ONCE", website: null, status: "ACTIVE",
  },
  {
    code: "IT", name: "Italy", unitName: "SmartIt", legalForm: "Società cooperativa", founded: 2013,
    sharePriceAmount: 25, sharePriceCurrency: "EUR", sharePricePeriod: "ONCE", website: null, status: "ACTIVE",
  },
  {
    code: "NL", name: "Netherlands", unitName: "Smart Netherlands", legalForm: "Coöperatie U.A.", founded: 2016,
    sharePriceAmount: 50, sharePriceCurrency: "EUR", sharePricePeriod: "ONCE", website: null, status: "ACTIVE",
  },
  {
    code: "SE", name: "Sweden", unitName: "Smart Sweden", legalForm: "Ekonomisk förening", founded: 2016,
    sharePriceAmount: 500, sharePriceCurrency: "SEK", sharePricePeriod: "ONCE", website: null, status: "ACTIVE",
  },
];
