/** The page's words in the six languages the budget priorities are written in; English where the member's is another. */
export const PAGE_LANGUAGES = ["NL", "FR", "DE", "EN", "ES", "IT"] as const;
export type PageLanguage = (typeof PAGE_LANGUAGES)[number];

const TEXTS = {
  title: { NL: "Doe mee", FR: "Participer", DE: "Mitmachen", EN: "Take part", ES: "Participar", IT: "Partecipa" },
  skip: {
    NL: "Naar de inhoud",
    FR: "Aller au contenu",
    DE: "Zum Inhalt",
    EN: "Skip to the content",
    ES: "Ir al contenido",
    IT: "Vai al contenuto",
  },
  signIn: { NL: "Aanmelden", FR: "Se connecter", DE: "Anmelden", EN: "Sign in", ES: "Iniciar sesión", IT: "Accedi" },
  signOut: { NL: "Afmelden", FR: "Se déconnecter", DE: "Abmelden", EN: "Sign out", ES: "Cerrar sesión", IT: "Esci" },
  signInFirst: {
    NL: "Meld je aan om te stemmen en deel te nemen aan een werkgroep.",
    FR: "Connectez-vous pour voter et rejoindre un groupe de travail.",
    DE: "Melden Sie sich an, um abzustimmen und einer Arbeitsgruppe beizutreten.",
    EN: "Sign in to vote and to join a working group.",
    ES: "Inicie sesión para votar y unirse a un grupo de trabajo.",
    IT: "Accedi per votare e partecipare a un gruppo di lavoro.",
  },
  membersOnly: {
    NL: "Alleen leden stemmen en nemen deel aan werkgroepen.",
    FR: "Seuls les membres votent et rejoignent les groupes de travail.",
    DE: "Nur Mitglieder stimmen ab und treten Arbeitsgruppen bei.",
    EN: "Only members vote and join working groups.",
    ES: "Solo los socios votan y se unen a los grupos de trabajo.",
    IT: "Solo i soci votano e partecipano ai gruppi di lavoro.",
  },
  vote: { NL: "Stemming", FR: "Vote", DE: "Abstimmung", EN: "Vote", ES: "Votación", IT: "Votazione" },
  noVote: {
    NL: "Er is nu geen stemming.",
    FR: "Aucun vote n'est ouvert.",
    DE: "Keine Abstimmung ist offen.",
    EN: "No vote is open.",
    ES: "No hay ninguna votación abierta.",
    IT: "Nessuna votazione aperta.",
  },
  closesAt: { NL: "Sluit op", FR: "Se termine le", DE: "Endet am", EN: "Closes", ES: "Cierra el", IT: "Chiude il" },
  FOR: { NL: "Voor", FR: "Pour", DE: "Dafür", EN: "For", ES: "A favor", IT: "Favorevole" },
  AGAINST: { NL: "Tegen", FR: "Contre", DE: "Dagegen", EN: "Against", ES: "En contra", IT: "Contrario" },
  ABSTAIN: { NL: "Onthouding", FR: "Abstention", DE: "Enthaltung", EN: "Abstain", ES: "Abstención", IT: "Astensione" },
  castBallot: {
    NL: "Stem uitbrengen",
    FR: "Voter",
    DE: "Stimme abgeben",
    EN: "Cast my ballot",
    ES: "Votar",
    IT: "Vota",
  },
  voted: {
    NL: "Je hebt gestemd.",
    FR: "Vous avez voté.",
    DE: "Sie haben abgestimmt.",
    EN: "You have voted.",
    ES: "Ha votado.",
    IT: "Hai votato.",
  },
  counted: {
    NL: "Je stem is geteld. Bewaar je ontvangstbewijs:",
    FR: "Votre vote est compté. Gardez votre reçu :",
    DE: "Ihre Stimme ist gezählt. Bewahren Sie Ihre Quittung auf:",
    EN: "Your ballot is counted. Keep your receipt:",
    ES: "Su voto está contado. Guarde su recibo:",
    IT: "Il tuo voto è contato. Conserva la ricevuta:",
  },
  priorities: {
    NL: "Rangschik de budgetprioriteiten (1 = belangrijkst)",
    FR: "Classez les priorités budgétaires (1 = la plus importante)",
    DE: "Ordnen Sie die Budgetprioritäten (1 = die wichtigste)",
    EN: "Rank the budget priorities (1 = most important)",
    ES: "Ordene las prioridades presupuestarias (1 = la más importante)",
    IT: "Ordina le priorità di bilancio (1 = la più importante)",
  },
  rankOf: { NL: "Rang van", FR: "Rang de", DE: "Rang von", EN: "Rank of", ES: "Puesto de", IT: "Posizione di" },
  castRanking: {
    NL: "Rangschikking insturen",
    FR: "Envoyer le classement",
    DE: "Reihenfolge abgeben",
    EN: "Cast my ranking",
    ES: "Enviar la clasificación",
    IT: "Invia la classifica",
  },
  notPermutation: {
    NL: "Geef elke rang precies één keer.",
    FR: "Donnez chaque rang une seule fois.",
    DE: "Vergeben Sie jeden Rang genau einmal.",
    EN: "Give each rank exactly once.",
    ES: "Dé cada puesto una sola vez.",
    IT: "Assegna ogni posizione una sola volta.",
  },
  groups: {
    NL: "Werkgroepen",
    FR: "Groupes de travail",
    DE: "Arbeitsgruppen",
    EN: "Working groups",
    ES: "Grupos de trabajo",
    IT: "Gruppi di lavoro",
  },
  join: { NL: "Deelnemen", FR: "Rejoindre", DE: "Beitreten", EN: "Join", ES: "Unirse", IT: "Partecipa" },
  leave: { NL: "Verlaten", FR: "Quitter", DE: "Verlassen", EN: "Leave", ES: "Salir", IT: "Lascia" },
  participants: {
    NL: "deelnemers",
    FR: "participants",
    DE: "Teilnehmende",
    EN: "participants",
    ES: "participantes",
    IT: "partecipanti",
  },
  joined: {
    NL: "Je neemt deel aan",
    FR: "Vous participez à",
    DE: "Sie nehmen teil an",
    EN: "You take part in",
    ES: "Participa en",
    IT: "Partecipi a",
  },
  left: {
    NL: "Je hebt verlaten:",
    FR: "Vous avez quitté :",
    DE: "Sie haben verlassen:",
    EN: "You left:",
    ES: "Ha salido de:",
    IT: "Hai lasciato:",
  },
  failed: {
    NL: "Dat lukte niet:",
    FR: "Cela n'a pas abouti :",
    DE: "Das ging nicht:",
    EN: "That did not work:",
    ES: "No ha funcionado:",
    IT: "Non è riuscito:",
  },
} as const satisfies Record<string, Record<PageLanguage, string>>;

export type TextKey = keyof typeof TEXTS;

/** The page's language: the member's, else the browser's, among the six; English otherwise. */
export function pageLanguage(preferred: string | null | undefined, browser: readonly string[]): PageLanguage {
  const candidates = [preferred, ...browser.map((tag) => tag.slice(0, 2))].map((code) => code?.toUpperCase());
  return (
    (candidates.find((code) => (PAGE_LANGUAGES as readonly (string | undefined)[]).includes(code)) as
      PageLanguage | undefined) ?? "EN"
  );
}

export const textIn =
  (lang: PageLanguage) =>
  (key: TextKey): string =>
    TEXTS[key][lang];
