import type { CountryCode } from "@smart/platform";

interface NamePool {
  firstNames: readonly string[];
  lastNames: readonly string[];
}

/**
 * Common first and last names per country, accents kept: the keyset order and the
 * gateway's merge must cope with Émile, Zoë, Ödön, Łukasz, Müller, Ibáñez, Søren.
 */
export const NAMES: Record<CountryCode, NamePool> = {
  AT: {
    firstNames: ["Lukas", "Anna", "Tobias", "Lena", "Maximilian", "Sophie", "Florian", "Katharina", "Jakob", "Hannah", "Matthias", "Julia", "Sebastian", "Theresa", "Stefan", "Magdalena", "Günther", "Jürgen", "Lea", "Elias", "Valentina", "Felix", "Johanna", "Dominik"],
    lastNames: ["Gruber", "Huber", "Bauer", "Wagner", "Müller", "Pichler", "Steiner", "Moser", "Mayer", "Hofer", "Leitner", "Berger", "Fuchs", "Eder", "Fischer", "Schmid", "Winkler", "Weber", "Schwarz", "Maier", "Schneider", "Reiter", "Mayr", "Brunner", "Wimmer", "Lang", "Baumgartner", "Auer", "Egger", "Höller", "Wögerbauer", "Strauß"],
  },
  BE: {
    firstNames: ["Émile", "Zoë", "Lucas", "Louise", "Arthur", "Olivia", "Noah", "Elise", "Jules", "Marie", "Lotte", "Wout", "Ruben", "Hélène", "Thibault", "Chloé", "Maëlle", "Senne", "Fien", "Anaïs", "Mathéo", "Inès", "Jasper", "Noor", "Youssef", "Amira", "François", "Geneviève", "Aurélie", "Jérôme", "Kobe", "Bram"],
    lastNames: ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters", "De Smet", "Dubois", "Lambert", "Dupont", "Martin", "Leclercq", "Lemaire", "Van den Bossche", "Vermeulen", "Van de Velde", "Desmet", "Renard", "Fontaine", "Gérard", "Lefèvre", "Deprez", "Michaux", "El Amrani", "Benali", "Nicolaï", "Van Damme", "D'Hondt", "Verhaeghe"],
  },
  DE: {
    firstNames: ["Jonas", "Lea", "Leon", "Mia", "Finn", "Emma", "Paul", "Hannah", "Ben", "Marie", "Lukas", "Sophie", "Jörg", "Jürgen", "Björn", "Käthe", "Sören", "Ümit", "Zoë", "Felix", "Anja", "Moritz", "Greta", "Till"],
    lastNames: ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Köhler", "Yılmaz", "Öztürk", "Großmann", "Weiß"],
  },
  ES: {
    firstNames: ["Lucía", "Hugo", "María", "Martín", "Paula", "Daniel", "Sofía", "Pablo", "Martina", "Álvaro", "Julia", "Adrián", "Irene", "Javier", "Nerea", "Íñigo", "Begoña", "Jesús", "Ángela", "Raúl", "Inés", "Andrés", "Rocío", "Óscar", "Ainhoa", "Sergio", "Nuria", "Joaquín"],
    lastNames: ["García", "Rodríguez", "González", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez", "Romero", "Alonso", "Gutiérrez", "Navarro", "Torres", "Domínguez", "Vázquez", "Ramos", "Gil", "Ramírez", "Serrano", "Blanco", "Ibáñez", "Castaño", "Peña"],
  },
  FR: {
    firstNames: ["Gabriel", "Jade", "Léo", "Louise", "Raphaël", "Emma", "Arthur", "Alice", "Louis", "Chloé", "Lucas", "Léa", "Hugo", "Manon", "Jules", "Inès", "Émile", "Zoë", "Théo", "Camille", "Noé", "Anaïs", "Mathis", "Élodie", "Sébastien", "Céline", "Benoît", "Hélène", "Jérémy", "Maëlys", "Karim", "Fatoumata"],
    lastNames: ["Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent", "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Müller", "Lefébure", "Chevalier", "Bégué", "Ménard", "Diallo"],
  },
  HU: {
    firstNames: ["Ödön", "Bence", "Hanna", "Máté", "Anna", "Levente", "Zsófia", "Dávid", "Lili", "Ádám", "Luca", "Dániel", "Réka", "Gergő", "Eszter", "Balázs", "Noémi", "Zoltán", "Júlia", "Péter", "Katalin", "István", "Orsolya", "Tamás"],
    lastNames: ["Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Varga", "Kiss", "Molnár", "Németh", "Farkas", "Balogh", "Papp", "Takács", "Juhász", "Lakatos", "Mészáros", "Oláh", "Simon", "Rácz", "Fekete", "Szilágyi", "Török", "Fehér", "Balázs", "Gál", "Kis", "Szűcs", "Kocsis", "Orsós", "Pintér", "Fodor", "Szalai"],
  },
  IT: {
    firstNames: ["Leonardo", "Sofia", "Francesco", "Giulia", "Alessandro", "Aurora", "Lorenzo", "Alice", "Mattia", "Ginevra", "Andrea", "Emma", "Gabriele", "Giorgia", "Riccardo", "Beatrice", "Niccolò", "Chiara", "Tommaso", "Martina", "Nicolò", "Federica", "Davide", "Elena"],
    lastNames: ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo", "Lombardi", "Moretti", "Barbieri", "Fontana", "Santoro", "Mariani", "Rinaldi", "Caruso", "Ferrara", "Galli", "Martinelli", "Leone", "Pellegrini", "D'Angelo"],
  },
  NL: {
    firstNames: ["Daan", "Emma", "Sem", "Julia", "Lucas", "Mila", "Levi", "Tess", "Finn", "Sophie", "Bram", "Zoë", "Thijs", "Noor", "Jesse", "Fleur", "Ruben", "Saar", "Maarten", "Anouk", "Joël", "Ilse", "Sanne", "Mohamed"],
    lastNames: ["de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen", "van Doorn", "Çelik"],
  },
  SE: {
    firstNames: ["Søren", "Åsa", "Björn", "Märta", "Erik", "Maja", "Oskar", "Elsa", "Lars", "Astrid", "Nils", "Ingrid", "Göran", "Linnéa", "Anders", "Karin", "Jöns", "Saga", "Hugo", "Ebba", "Sven", "Freja", "Olle", "Tove"],
    lastNames: ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Jönsson", "Lindberg", "Jakobsson", "Magnusson", "Olofsson", "Lindström", "Lindqvist", "Lindgren", "Berg", "Axelsson", "Bergström", "Lundberg", "Lind", "Lundgren", "Ström", "Åberg", "Öberg"],
  },
};

/** Names of Europeans who settled elsewhere: about one member in eight comes from here. */
export const EUROPEAN_NAMES: NamePool = {
  firstNames: ["Łukasz", "Agnieszka", "Søren", "Zoë", "Émile", "Ödön", "Mihai", "Ioana", "Chiara", "Dimitris", "Eleni", "João", "Inês", "Siobhán", "Aoife", "Tomáš", "Jiří", "Kārlis", "Jūratė", "Ivana", "Marek", "Zsuzsanna", "Björn", "Nuño"],
  lastNames: ["Kowalski", "Wiśniewska", "Nowak", "Müller", "Ibáñez", "Popescu", "Ionescu", "Papadopoulos", "Nikolaidou", "Sørensen", "Jørgensen", "Novák", "Dvořák", "Ó Briain", "Kovačević", "Horváth", "Silva", "Gonçalves", "Bērziņš", "Kazlauskienė", "Łęcki", "Ødegaard", "Dupré", "Großkopf"],
};
