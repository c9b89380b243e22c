import type { Language } from "@smart/platform";
import type { BudgetArea } from "../entity/index.js";

export interface BudgetPrioritySeed {
  area: BudgetArea;
  /** Title and description by language; Dutch is the assembly's original. */
  texts: Partial<Record<Language, { title: string; description: string }>>;
}

/**
 * The budget priorities of the general assembly of the Smart cooperative, in the
 * order the assembly gave them. The Dutch is the assembly's document, word for
 * word; French, English, German, Spanish and Italian are translations written for
 * this project. Hungarian and Swedish have none yet: they read English.
 */
export const BUDGET_PRIORITIES: readonly BudgetPrioritySeed[] = [
  {
    area: "SHARED_TOOLS_AND_SERVICES",
    texts: {
      NL: {
        title: "De bestaande gemeenschappelijke tools en diensten verbeteren",
        description:
          "De gemeenschappelijke tools en diensten van de coöperatie vormen een centraal element van ons project. Ze bieden al jarenlang elke dag opnieuw de mogelijkheid om praktische antwoorden aan te reiken op de behoeften van onze talrijke vennoten. De meest efficiënt mogelijke tools en diensten kunnen aanbieden die aangepast zijn aan de behoeften van elkeen, is belangrijk om de ontwikkeling van de activiteiten van onze vennoten te ondersteunen.",
      },
      FR: {
        title: "Améliorer les outils et services mutualisés existants",
        description:
          "Les outils et services mutualisés de la coopérative constituent un élément central de notre projet. Depuis de nombreuses années, ils permettent chaque jour d’apporter des réponses concrètes aux besoins de nos nombreux associés. Pouvoir proposer des outils et des services les plus efficaces possible, adaptés aux besoins de chacun, est important pour soutenir le développement des activités de nos associés.",
      },
      EN: {
        title: "Improve the existing common tools and services",
        description:
          "The cooperative’s common tools and services are a central element of our project. For years now, day after day, they have made it possible to give practical answers to the needs of our many members. Being able to offer tools and services that are as efficient as possible and adapted to everyone’s needs is important to support the development of our members’ activities.",
      },
      DE: {
        title: "Die bestehenden gemeinsamen Tools und Dienste verbessern",
        description:
          "Die gemeinsamen Tools und Dienste der Genossenschaft sind ein zentrales Element unseres Projekts. Seit Jahren ermöglichen sie es Tag für Tag, praktische Antworten auf die Bedürfnisse unserer zahlreichen Mitglieder zu geben. Möglichst effiziente Tools und Dienste anbieten zu können, die an die Bedürfnisse aller angepasst sind, ist wichtig, um die Entwicklung der Tätigkeiten unserer Mitglieder zu unterstützen.",
      },
      ES: {
        title: "Mejorar las herramientas y los servicios comunes existentes",
        description:
          "Las herramientas y los servicios comunes de la cooperativa son un elemento central de nuestro proyecto. Desde hace años permiten, día tras día, dar respuestas prácticas a las necesidades de nuestras numerosas personas socias. Poder ofrecer herramientas y servicios lo más eficaces posible y adaptados a las necesidades de cada cual es importante para apoyar el desarrollo de las actividades de nuestras personas socias.",
      },
      IT: {
        title: "Migliorare gli strumenti e i servizi comuni esistenti",
        description:
          "Gli strumenti e i servizi comuni della cooperativa sono un elemento centrale del nostro progetto. Da anni permettono, giorno dopo giorno, di dare risposte concrete ai bisogni dei nostri numerosi soci. Poter offrire strumenti e servizi il più possibile efficienti e adatti ai bisogni di ciascuno è importante per sostenere lo sviluppo delle attività dei nostri soci.",
      },
    },
  },
  {
    area: "COOPERATIVE_LIFE",
    texts: {
      NL: {
        title: "De animatie en de ontwikkeling van het coöperatieve en participatieve leven versterken",
        description:
          "Smart In Progress wordt sinds 2015 ontwikkeld in België. Dit permanente en participatieve proces heeft al aan meer dan 4000 personen de mogelijkheid geboden om deel te nemen aan het coöperatieve leven en aan de evoluties van het project. Het proces voortzetten, het lanceren in andere regio’s, er steeds meer vennoten bij betrekken en tegelijkertijd participatievormen voorzien die aangepast zijn aan de capaciteiten van elkeen, is een van de prioriteiten van de coöperatie.",
      },
      FR: {
        title: "Renforcer l’animation et le développement de la vie coopérative et participative",
        description:
          "Smart In Progress est développé en Belgique depuis 2015. Ce processus permanent et participatif a déjà permis à plus de 4 000 personnes de prendre part à la vie coopérative et aux évolutions du projet. Poursuivre le processus, le lancer dans d’autres régions, y associer toujours plus d’associés tout en prévoyant des formes de participation adaptées aux capacités de chacun, est l’une des priorités de la coopérative.",
      },
      EN: {
        title: "Strengthen the animation and development of cooperative and participatory life",
        description:
          "Smart In Progress has been developed in Belgium since 2015. This permanent and participatory process has already given more than 4,000 people the opportunity to take part in the life of the cooperative and in the evolution of the project. Continuing the process, launching it in other regions, involving more and more members while providing forms of participation adapted to everyone’s abilities, is one of the cooperative’s priorities.",
      },
      DE: {
        title: "Die Belebung und Entwicklung des genossenschaftlichen und partizipativen Lebens stärken",
        description:
          "Smart In Progress wird seit 2015 in Belgien entwickelt. Dieser ständige und partizipative Prozess hat bereits mehr als 4.000 Menschen die Möglichkeit gegeben, am Leben der Genossenschaft und an der Weiterentwicklung des Projekts teilzunehmen. Den Prozess fortzusetzen, ihn in anderen Regionen zu starten, immer mehr Mitglieder einzubeziehen und zugleich Formen der Beteiligung vorzusehen, die den Möglichkeiten aller entsprechen, ist eine der Prioritäten der Genossenschaft.",
      },
      ES: {
        title: "Reforzar la dinamización y el desarrollo de la vida cooperativa y participativa",
        description:
          "Smart In Progress se desarrolla en Bélgica desde 2015. Este proceso permanente y participativo ya ha dado a más de 4.000 personas la oportunidad de participar en la vida cooperativa y en la evolución del proyecto. Continuar el proceso, lanzarlo en otras regiones, implicar a cada vez más personas socias y, al mismo tiempo, prever formas de participación adaptadas a las capacidades de cada cual es una de las prioridades de la cooperativa.",
      },
      IT: {
        title: "Rafforzare l’animazione e lo sviluppo della vita cooperativa e partecipativa",
        description:
          "Smart In Progress è sviluppato in Belgio dal 2015. Questo processo permanente e partecipativo ha già dato a più di 4.000 persone la possibilità di partecipare alla vita cooperativa e all’evoluzione del progetto. Proseguire il processo, avviarlo in altre regioni, coinvolgere sempre più soci prevedendo al tempo stesso forme di partecipazione adatte alle capacità di ciascuno è una delle priorità della cooperativa.",
      },
    },
  },
  {
    area: "INTERNATIONAL_DEVELOPMENT",
    texts: {
      NL: {
        title: "Onze internationale ontwikkeling bevorderen",
        description:
          "Smart is vandaag actief in bijna 40 steden in 9 Europese landen. Dit komt meer bepaald tegemoet aan een steeds grotere vraag van onze vennoten voor wie landsgrenzen weinig belang hebben. De negen actieve Smart-eenheden in Europa zetten allemaal hun eigen ontwikkeling voort in hun eigen tempo. Door ons model van sociale transformatie uit te breiden tot andere regio’s en de regio’s waar we vandaag al aanwezig zijn te consolideren, zullen meer vennoten kunnen genieten van onze gemeenschappelijke diensten.",
      },
      FR: {
        title: "Favoriser notre développement international",
        description:
          "Smart est aujourd’hui active dans près de 40 villes de 9 pays européens. Cela répond notamment à une demande croissante de nos associés, pour qui les frontières nationales importent peu. Les neuf entités Smart actives en Europe poursuivent toutes leur propre développement, à leur propre rythme. En étendant notre modèle de transformation sociale à d’autres régions et en consolidant les régions où nous sommes déjà présents aujourd’hui, davantage d’associés pourront bénéficier de nos services mutualisés.",
      },
      EN: {
        title: "Promote our international development",
        description:
          "Smart is active today in almost 40 cities in 9 European countries. This responds in particular to a growing demand from our members, for whom national borders matter little. The nine active Smart units in Europe are all pursuing their own development at their own pace. By extending our model of social transformation to other regions and consolidating the regions where we are already present today, more members will be able to benefit from our common services.",
      },
      DE: {
        title: "Unsere internationale Entwicklung fördern",
        description:
          "Smart ist heute in fast 40 Städten in 9 europäischen Ländern aktiv. Das entspricht insbesondere einer wachsenden Nachfrage unserer Mitglieder, für die Landesgrenzen wenig Bedeutung haben. Die neun aktiven Smart-Einheiten in Europa verfolgen alle ihre eigene Entwicklung in ihrem eigenen Tempo. Indem wir unser Modell des sozialen Wandels auf weitere Regionen ausweiten und die Regionen festigen, in denen wir heute schon präsent sind, werden mehr Mitglieder von unseren gemeinsamen Diensten profitieren können.",
      },
      ES: {
        title: "Impulsar nuestro desarrollo internacional",
        description:
          "Smart está hoy activa en casi 40 ciudades de 9 países europeos. Esto responde en particular a una demanda creciente de nuestras personas socias, para quienes las fronteras nacionales importan poco. Las nueve entidades Smart activas en Europa prosiguen todas su propio desarrollo a su propio ritmo. Extendiendo nuestro modelo de transformación social a otras regiones y consolidando las regiones en las que ya estamos presentes hoy, más personas socias podrán beneficiarse de nuestros servicios comunes.",
      },
      IT: {
        title: "Promuovere il nostro sviluppo internazionale",
        description:
          "Smart è oggi attiva in quasi 40 città di 9 paesi europei. Ciò risponde in particolare a una domanda crescente dei nostri soci, per i quali i confini nazionali contano poco. Le nove entità Smart attive in Europa proseguono tutte il proprio sviluppo, ciascuna al proprio ritmo. Estendendo il nostro modello di trasformazione sociale ad altre regioni e consolidando le regioni in cui siamo già presenti oggi, più soci potranno beneficiare dei nostri servizi comuni.",
      },
    },
  },
  {
    area: "SHARED_WORKSPACES",
    texts: {
      NL: {
        title: "Het aanbod van gedeelde werkruimten (gedeelde plekken, coworking enz.) voortzetten en intensiveren",
        description:
          "Een van de laatste diensten die ontwikkeld werden door onze coöperatie heeft betrekking op de ontwikkeling van gedeelde werkruimten. Dit komt tegemoet aan een steeds grotere vraag van onze vennoten. Onze gedeelde werkruimten zijn echte plaatsen voor sociale interactie die onze gebruikers de mogelijkheid bieden om hun projecten te ontwikkelen en te genieten van goedkopere ruimte dankzij het gemeenschappelijke aspect. Smart beheert vandaag, alleen of in partnerschap, een tiental gedeelde werkruimten.",
      },
      FR: {
        title: "Poursuivre et intensifier l’offre d’espaces de travail partagés (lieux partagés, coworking, etc.)",
        description:
          "L’un des derniers services développés par notre coopérative concerne le développement d’espaces de travail partagés. Cela répond à une demande croissante de nos associés. Nos espaces de travail partagés sont de véritables lieux de sociabilité qui permettent à nos usagers de développer leurs projets et de bénéficier d’espaces moins chers grâce à la mutualisation. Smart gère aujourd’hui, seule ou en partenariat, une dizaine d’espaces de travail partagés.",
      },
      EN: {
        title: "Continue and intensify the offer of shared workspaces (shared places, coworking, etc.)",
        description:
          "One of the latest services developed by our cooperative concerns the development of shared workspaces. It responds to a growing demand from our members. Our shared workspaces are real places of social interaction that give our users the opportunity to develop their projects and to enjoy cheaper space thanks to its shared nature. Today Smart manages, alone or in partnership, about ten shared workspaces.",
      },
      DE: {
        title:
          "Das Angebot an gemeinsam genutzten Arbeitsräumen (geteilte Orte, Coworking usw.) fortführen und ausbauen",
        description:
          "Einer der jüngsten Dienste unserer Genossenschaft betrifft die Entwicklung gemeinsam genutzter Arbeitsräume. Er entspricht einer wachsenden Nachfrage unserer Mitglieder. Unsere gemeinsam genutzten Arbeitsräume sind echte Orte der sozialen Begegnung, die unseren Nutzerinnen und Nutzern die Möglichkeit bieten, ihre Projekte zu entwickeln und dank der gemeinsamen Nutzung von günstigeren Räumen zu profitieren. Smart betreibt heute, allein oder in Partnerschaft, rund zehn gemeinsam genutzte Arbeitsräume.",
      },
      ES: {
        title:
          "Continuar e intensificar la oferta de espacios de trabajo compartidos (lugares compartidos, coworking, etc.)",
        description:
          "Uno de los últimos servicios desarrollados por nuestra cooperativa se refiere al desarrollo de espacios de trabajo compartidos. Responde a una demanda creciente de nuestras personas socias. Nuestros espacios de trabajo compartidos son verdaderos lugares de interacción social que permiten a nuestras personas usuarias desarrollar sus proyectos y disfrutar de espacios más baratos gracias a su carácter compartido. Smart gestiona hoy, sola o en colaboración, una decena de espacios de trabajo compartidos.",
      },
      IT: {
        title: "Proseguire e intensificare l’offerta di spazi di lavoro condivisi (luoghi condivisi, coworking ecc.)",
        description:
          "Uno degli ultimi servizi sviluppati dalla nostra cooperativa riguarda lo sviluppo di spazi di lavoro condivisi. Risponde a una domanda crescente dei nostri soci. I nostri spazi di lavoro condivisi sono veri luoghi di interazione sociale che permettono ai nostri utenti di sviluppare i propri progetti e di usufruire di spazi meno costosi grazie alla loro dimensione condivisa. Smart gestisce oggi, da sola o in partenariato, una decina di spazi di lavoro condivisi.",
      },
    },
  },
];
