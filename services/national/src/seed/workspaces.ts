import { prefixedId, type CountryCode } from "@smart/platform";
import { placeNameKey } from "../entity/nameKeys.js";
import type { Workspace, WorkspaceOperator, WorkspaceStatus } from "../entity/Workspace.js";
import { cityId } from "./cities.js";

interface WorkspaceSeed {
  name: string;
  city: string;
  address: string;
  operator: WorkspaceOperator;
  partnerName?: string;
  capacity: number;
  rooms: number;
  status: WorkspaceStatus;
  openedOn: string;
}

/**
 * The shared workspaces of each unit: ten open ("Smart manages today, alone or in
 * partnership, about ten shared workspaces", the general assembly's budget
 * priorities), four of them with a partner, and a closed one. LaVallée and
 * Brussels Art Factory are real partner spaces of SmartCoop; every other entry is
 * a seed invention. Not every unit runs one (Sweden's members are looking for a
 * space to share with another cooperative).
 */
export const UNIT_WORKSPACES: Record<CountryCode, readonly WorkspaceSeed[]> = {
  AT: [
    {
      name: "Smart Atelier Wien",
      city: "Vienna",
      address: "Neubaugasse 12, 1070 Wien",
      operator: "UNIT",
      capacity: 30,
      rooms: 2,
      status: "OPEN",
      openedOn: "2019-03-01",
    },
  ],
  BE: [
    {
      name: "LaVallée",
      city: "Brussels",
      address: "Rue Adolphe Lavallée 39, 1080 Molenbeek-Saint-Jean",
      operator: "PARTNER",
      partnerName: "LaVallée",
      capacity: 180,
      rooms: 5,
      status: "OPEN",
      openedOn: "2015-09-01",
    },
    {
      name: "Brussels Art Factory",
      city: "Brussels",
      address: "Rue de Mérode 60, 1060 Saint-Gilles",
      operator: "PARTNER",
      partnerName: "Brussels Art Factory",
      capacity: 50,
      rooms: 0,
      status: "OPEN",
      openedOn: "2017-05-15",
    },
    {
      name: "Smart Werkplek Gent",
      city: "Ghent",
      address: "Kortrijksesteenweg 112, 9000 Gent",
      operator: "UNIT",
      capacity: 24,
      rooms: 1,
      status: "CLOSED",
      openedOn: "2018-01-08",
    },
  ],
  DE: [
    {
      name: "Smart Coworking Kreuzberg",
      city: "Berlin",
      address: "Oranienstraße 183, 10999 Berlin",
      operator: "UNIT",
      capacity: 40,
      rooms: 3,
      status: "OPEN",
      openedOn: "2020-02-03",
    },
  ],
  ES: [
    {
      name: "Espacio Smart Málaga",
      city: "Málaga",
      address: "Calle Tomás Heredia 8, 29001 Málaga",
      operator: "UNIT",
      capacity: 25,
      rooms: 2,
      status: "OPEN",
      openedOn: "2018-10-01",
    },
  ],
  FR: [
    {
      name: "La Fabrique Smart",
      city: "Paris",
      address: "12 rue de la Fontaine-au-Roi, 75011 Paris",
      operator: "UNIT",
      capacity: 60,
      rooms: 4,
      status: "OPEN",
      openedOn: "2018-06-11",
    },
    {
      name: "Atelier des Canuts",
      city: "Lyon",
      address: "5 rue d'Austerlitz, 69004 Lyon",
      operator: "PARTNER",
      partnerName: "Les Canuts Associés",
      capacity: 35,
      rooms: 2,
      status: "OPEN",
      openedOn: "2021-09-06",
    },
  ],
  HU: [
    {
      name: "Smart Műhely",
      city: "Budapest",
      address: "Király utca 26, 1061 Budapest",
      operator: "UNIT",
      capacity: 20,
      rooms: 1,
      status: "OPEN",
      openedOn: "2022-01-17",
    },
  ],
  IT: [
    {
      name: "Spazio Smart Milano",
      city: "Milan",
      address: "Via Tortona 31, 20144 Milano",
      operator: "UNIT",
      capacity: 45,
      rooms: 3,
      status: "OPEN",
      openedOn: "2019-11-04",
    },
  ],
  NL: [
    {
      name: "Broedplaats Noord",
      city: "Amsterdam",
      address: "NDSM-Plein 28, 1033 WB Amsterdam",
      operator: "PARTNER",
      partnerName: "Stichting Broedplaats Noord",
      capacity: 70,
      rooms: 4,
      status: "OPEN",
      openedOn: "2020-09-01",
    },
  ],
  SE: [],
  PT: [
    {
      name: "Smart Oficina Lisboa",
      city: "Lisbon",
      address: "Rua da Madalena 80, 1100-321 Lisboa",
      operator: "UNIT",
      capacity: 20,
      rooms: 1,
      status: "OPEN",
      openedOn: "2026-09-01",
    },
  ],
};

/** One `workspace` row as the seed writes it: every seeded workspace has its opening date. */
export type WorkspaceRow = Workspace & { openedOn: string };

/** The unit's workspaces with IDs `<CODE>:w1`, `<CODE>:w2`, … in table order. */
export function workspaceRows(unit: CountryCode): WorkspaceRow[] {
  return (UNIT_WORKSPACES[unit] ?? []).map((seed, index) => ({
    id: prefixedId(unit, `w${index + 1}`),
    name: seed.name,
    nameKey: placeNameKey(seed.name),
    cityId: cityId(unit, seed.city),
    address: seed.address,
    operator: seed.operator,
    partnerName: seed.partnerName ?? null,
    capacity: seed.capacity,
    rooms: seed.rooms,
    status: seed.status,
    openedOn: seed.openedOn,
  }));
}
