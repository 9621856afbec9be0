"""
Demo content for `manage.py seed_demo`, written for this project.

The series and its essays are imaginary stand-ins for the kind of series Power Play
publishes; the two authors are fictional.
"""

SERIES = {
    "fr": {
        "title": "Les jeux de pouvoir de l’IA",
        "slug": "les-jeux-de-pouvoir-de-l-ia",
        "blurb": (
            "la rivalité entre géants du numérique et jeunes pousses de l’intelligence "
            "artificielle, et la question qui les divise : ouvrir ses modèles ou les garder "
            "pour soi"
        ),
    },
    "en": {
        "title": "AI Power Play",
        "slug": "ai-power-play",
        "blurb": (
            "the contest between technology giants and artificial intelligence start-ups, "
            "and the choice that splits them: open their models to all, or keep them close"
        ),
    },
}

AUTHORS = [
    {
        "slug": "helene-marchetti",
        "name": "Hélène Marchetti",
        "honours": "",
        "website": "https://example.org/helene-marchetti",
        "colour": (32, 86, 122),
        "links": [("ORCID", "https://orcid.org/0000-0000-0000-0001")],
        "fr": {
            "role": "Professeure de stratégie, École de management de Lyon (fictive)",
            "bio": (
                "Hélène Marchetti enseigne la stratégie d’entreprise et dirige un programme "
                "de recherche sur les plateformes numériques. Ses travaux portent sur la "
                "manière dont les entreprises partagent leurs technologies pour façonner "
                "un marché plutôt que le subir."
            ),
        },
        "en": {
            "role": "Professor of Strategy, Lyon School of Management (fictional)",
            "bio": (
                "Hélène Marchetti teaches corporate strategy and leads a research programme "
                "on digital platforms. Her work looks at how firms share their technology "
                "to shape a market rather than be shaped by it."
            ),
        },
    },
    {
        "slug": "mikko-laine",
        "name": "Mikko Laine",
        "honours": "FBA FFASL",
        "website": "https://example.org/mikko-laine",
        "colour": (140, 58, 40),
        "links": [],
        "fr": {
            "role": "Professeur de technologie et d’innovation, Londres (fictif)",
            "bio": (
                "Mikko Laine étudie les écosystèmes d’innovation ouverts et l’économie des "
                "logiciels libres. Il a participé à la création de plusieurs observatoires "
                "de l’entrepreneuriat en Europe du Nord."
            ),
        },
        "en": {
            "role": "Professor of Technology and Innovation, London (fictional)",
            "bio": (
                "Mikko Laine studies open innovation ecosystems and the economics of free "
                "software. He helped found several observatories of entrepreneurship in "
                "northern Europe."
            ),
        },
    },
]

# The logins the demo's editorial work is signed by: an author who writes as one of the
# byline, and an editor. Neither can log in (no password): `manage.py demo_editor` makes
# the login for whoever tries the demo.
PEOPLE = {
    "author": {"username": "helene.marchetti", "first_name": "Hélène",
               "last_name": "Marchetti", "role": "Author", "signs_as": "helene-marchetti"},
    "editor": {"username": "lea.moreau", "first_name": "Léa", "last_name": "Moreau",
               "role": "Editor", "signs_as": None},
}

# `published_days_ago`: public in that language since then; `scheduled_in_days`: a
# version scheduled for later; neither: the version keeps its status unpublished.
# An image of the library placed in a body where it says {figure}, with its texts.
# Around a live version, made by the editorial services when the article is first loaded:
# `pending`, per language, the changes its author prepared (`standfirst` replaces the
# live one, `add_to_body` follows the live body), sent to review, and with
# `update_in_days`, scheduled by an editor for then; `withdraw_in_days`, when an editor
# has the article's live versions withdrawn; `notes`, the editorial thread (`language`:
# on that version, None: on the article), written by PEOPLE[`by`], `resolved` or not.
SHARED_EFFORT_FIGURE = {
    "fr": {
        "alt": "Un graphique en barres : une seule barre haute à gauche, puis une rangée "
               "de barres courtes qui, empilées, la dépassent.",
        "caption": "Une grosse dépense d’entraînement d’un côté ; de l’autre, mille petites "
                   "contributions qui finissent par peser davantage.",
        "credit": "Illustration : rédaction de Power Play",
    },
    "en": {
        "alt": "A bar chart: one tall bar on the left, then a row of short bars which, "
               "stacked, outgrow it.",
        "caption": "One large training bill on one side; on the other, a thousand small "
                   "contributions that end up weighing more.",
        "credit": "Illustration: Power Play editors",
    },
}

ARTICLES = [
    {
        "part": 1,
        "authors": ["helene-marchetti", "mikko-laine"],
        "announced": True,
        "figure": SHARED_EFFORT_FIGURE,
        "fr": {
            "status": "published",
            "published_days_ago": 40,
            "title": "Pourquoi Meta distribue-t-il ses modèles d’IA ?",
            "slug": "pourquoi-meta-distribue-ses-modeles",
            "standfirst": (
                "Offrir le fruit de milliards d’euros de calcul peut sembler absurde. "
                "C’est pourtant un calcul stratégique : quand le modèle devient gratuit, "
                "la valeur se déplace ailleurs."
            ),
            "tags": ["intelligence artificielle", "modèles ouverts", "stratégie"],
            "body": """\
Un modèle de langage coûte cher à entraîner, et rien ne semble plus rationnel que de le
vendre. Meta a choisi l’inverse : ses modèles se téléchargent librement, sous une licence
qui n’interdit presque rien aux petits acteurs.

## Rendre le concurrent gratuit

Quand un produit devient gratuit, ceux qui le vendaient perdent leur avantage. En
publiant des modèles ouverts, Meta réduit la rente de ses rivaux qui facturent l’accès
aux leurs, sans toucher à ce qui fait sa propre richesse : l’audience et la publicité.

## Faire travailler la communauté

Des milliers de chercheurs et d’ingénieurs améliorent, compressent et adaptent les
modèles publiés. Chaque amélioration revient, directement ou non, à l’entreprise qui a
fixé le standard. L’ouverture transforme un coût de recherche en effort partagé.

{figure}

## Fixer les règles du jeu

Celui dont l’outil devient la référence décide des formats, des interfaces et des
habitudes. Les restrictions de la licence, réservées aux très grandes plateformes,
montrent que l’ouverture reste un choix tactique : généreux envers les petits,
prudent envers les égaux.
""",
        },
        "en": {
            "status": "published",
            "published_days_ago": 38,
            "title": "Why does Meta give its AI models away?",
            "slug": "why-meta-gives-its-models-away",
            "standfirst": (
                "Handing out the result of billions spent on computing looks absurd. "
                "It is a strategic bet: once the model is free, the value moves elsewhere."
            ),
            "tags": ["artificial intelligence", "open models", "strategy"],
            "body": """\
A language model is expensive to train, and nothing seems more rational than selling it.
Meta chose the opposite: its models can be downloaded freely, under a licence that
forbids almost nothing to smaller players.

## Making the rival's product free

When a product becomes free, those who sold it lose their edge. By publishing open
models, Meta erodes the income of rivals who charge for access to theirs, without
touching what makes its own fortune: attention and advertising.

## Putting the community to work

Thousands of researchers and engineers improve, shrink and adapt the published models.
Every improvement flows back, one way or another, to the company that set the standard.
Openness turns a research cost into a shared effort.

{figure}

## Setting the rules of the game

Whoever owns the reference tool decides the formats, the interfaces and the habits. The
licence's limits, reserved for the very largest platforms, show that openness remains a
tactic: generous towards the small, careful towards equals.
""",
        },
    },
    {
        "part": 2,
        "authors": ["mikko-laine", "helene-marchetti"],
        "announced": True,
        "pending": {
            "fr": {
                "standfirst": (
                    "Née pour partager ses recherches, l’organisation garde aujourd’hui ses "
                    "meilleurs modèles sous clé, à une exception près. Le revenu, la sécurité "
                    "et la course au calcul expliquent ce virage."
                ),
                "add_to_body": """
## Une porte entrouverte

Depuis la parution de cet article, l’entreprise a mis en ligne un modèle dont chacun
peut télécharger les poids. Il est loin d’égaler ses meilleurs produits : c’est une
concession aux développeurs, pas un changement de cap.
""",
            },
            "en": {
                "standfirst": (
                    "Founded to share its research, the organisation now keeps its best "
                    "models locked away, with one exception. Revenue, safety and the race "
                    "for computing power explain the turn."
                ),
                "add_to_body": """
## A door left ajar

Since this article appeared, the company has released a model whose weights anyone
can download. It is well short of its best products: a gesture to developers, not a
change of course.
""",
            },
        },
        "notes": [
            {"language": "fr", "by": "editor", "resolved": False,
             "text": "Bonne idée, cet ajout. Peux-tu préciser le mois de la mise en ligne, "
                     "pour que le lecteur situe la concession dans le temps ?"},
            {"language": "en", "by": "editor", "resolved": True,
             "text": "The new standfirst runs long; could “with one exception” do the work "
                     "of the whole last sentence?"},
            {"language": "en", "by": "author", "resolved": False,
             "text": "I kept the sentence: the three reasons are what the piece is about. "
                     "Happy to talk it over."},
        ],
        "fr": {
            "status": "published",
            "published_days_ago": 26,
            "title": "Pourquoi OpenAI est-il si fermé ?",
            "slug": "pourquoi-openai-est-il-si-ferme",
            "standfirst": (
                "Née pour partager ses recherches, l’organisation garde aujourd’hui ses "
                "meilleurs modèles sous clé. Le revenu, la sécurité et la course au calcul "
                "expliquent ce virage."
            ),
            "tags": ["intelligence artificielle", "modèles fermés", "stratégie"],
            "body": """\
Le nom promettait l’ouverture ; l’entreprise vend aujourd’hui un accès payant à des
modèles dont on ne connaît ni les données ni les poids.

## Financer la course au calcul

Entraîner la génération suivante coûte plus cher que la précédente. Sans revenu
récurrent, impossible de suivre : l’abonnement et l’API financent le prochain modèle.

## L’argument de la sécurité

Garder les poids fermés permet de contrôler les usages et de corriger les abus. Les
critiques y voient aussi un argument commode pour protéger une avance commerciale.

## Une avance qui s’érode

Chaque modèle ouvert de bonne qualité réduit l’écart. Rester fermé n’a de sens que tant
que la différence de qualité justifie le prix demandé.
""",
        },
        "en": {
            "status": "published",
            "published_days_ago": 25,
            "title": "Why is OpenAI so closed?",
            "slug": "why-is-openai-so-closed",
            "standfirst": (
                "Founded to share its research, the organisation now keeps its best models "
                "locked away. Revenue, safety and the race for computing power explain the turn."
            ),
            "tags": ["artificial intelligence", "closed models", "strategy"],
            "body": """\
The name promised openness; the company now sells paid access to models whose data and
weights nobody outside can see.

## Paying for the computing race

Training the next generation costs more than the last one. Without recurring income
there is no keeping up: subscriptions and the API pay for the next model.

## The safety argument

Keeping weights closed makes it possible to watch how models are used and to stop abuse.
Critics see a convenient argument for protecting a commercial lead as well.

## A lead that wears away

Every good open model narrows the gap. Staying closed makes sense only while the
difference in quality still justifies the price.
""",
        },
    },
    {
        "part": 3,
        "authors": ["helene-marchetti", "mikko-laine"],
        "announced": True,
        "pending": {
            "fr": {
                "update_in_days": 3,
                "standfirst": (
                    "Google avait les chercheurs, les données et les puces. Il lui manquait "
                    "l’envie de bousculer son propre moteur de recherche, jusqu’à ce qu’un "
                    "rival l’y oblige."
                ),
                "add_to_body": """
## Un an plus tard

Les réponses rédigées par l’IA s’affichent désormais en tête de nombreuses recherches.
L’entreprise a choisi de transformer son produit phare plutôt que de le voir contourné.
""",
            },
            "en": {
                "update_in_days": 3,
                "standfirst": (
                    "Google had the researchers, the data and the chips. What it lacked was "
                    "the will to unsettle its own search engine, until a rival forced its hand."
                ),
                "add_to_body": """
## A year on

Answers written by AI now sit at the top of many searches. The company chose to
reshape its flagship product rather than watch others route around it.
""",
            },
        },
        "notes": [
            {"language": None, "by": "editor", "resolved": False,
             "text": "La mise à jour partira dans trois jours, le matin où nous annonçons "
                     "l’épisode sur Microsoft : les deux textes se répondent."},
        ],
        "fr": {
            "status": "published",
            "published_days_ago": 12,
            "title": "Google et l’IA : le plan parfait qui n’avait pas prévu novembre 2022",
            "slug": "google-et-l-ia-le-plan-parfait",
            "standfirst": (
                "Google avait les chercheurs, les données et les puces. Il lui manquait "
                "l’envie de bousculer son propre moteur de recherche."
            ),
            "tags": ["intelligence artificielle", "stratégie", "recherche en ligne"],
            "body": """\
Pendant dix ans, Google a publié une grande part des idées qui font l’IA moderne. Puis un
concurrent plus petit a mis un assistant conversationnel entre les mains du public.

## Le dilemme de l’innovateur

Un assistant qui répond directement menace la page de résultats, et donc la publicité
qui la finance. Avancer trop vite, c’était scier la branche la plus rentable.

## La riposte

Depuis, l’entreprise a regroupé ses laboratoires et publie ses modèles à un rythme
soutenu, certains ouverts, d’autres non.

## Ce que cela enseigne

Avoir la meilleure technologie ne suffit pas : il faut accepter qu’elle remette en
cause ce qui fait vivre l’entreprise aujourd’hui.
""",
        },
        "en": {
            "status": "published",
            "published_days_ago": 11,
            "title": "Google and AI: the perfect plan that did not foresee November 2022",
            "slug": "google-and-ai-the-perfect-plan",
            "standfirst": (
                "Google had the researchers, the data and the chips. What it lacked was the "
                "will to unsettle its own search engine."
            ),
            "tags": ["artificial intelligence", "strategy", "web search"],
            "body": """\
For ten years, Google published many of the ideas behind modern AI. Then a smaller
rival put a conversational assistant in the hands of the public.

## The innovator's dilemma

An assistant that answers directly threatens the results page, and the advertising that
pays for it. Moving too fast meant sawing off the most profitable branch.

## The response

Since then the company has merged its laboratories and ships models at a steady pace,
some open, others not.

## What it teaches

Owning the best technology is not enough: a firm must accept that it may undo what
pays the bills today.
""",
        },
    },
    {
        "part": 4,
        "authors": ["mikko-laine"],
        "announced": True,
        "fr": {
            "status": "published",
            "published_days_ago": 3,
            "title": "Pourquoi tout le monde veut travailler avec Hugging Face",
            "slug": "pourquoi-tout-le-monde-veut-travailler-avec-hugging-face",
            "standfirst": (
                "Une jeune entreprise sans modèle phare est devenue le lieu où tous les "
                "modèles se rencontrent. Une position de place de marché, neutre et précieuse."
            ),
            "tags": ["intelligence artificielle", "modèles ouverts", "plateformes"],
            "body": """\
Ni le plus gros modèle, ni le plus gros budget : Hugging Face s’est rendu indispensable
en hébergeant ceux des autres.

## Une place de marché neutre

Chercheurs et entreprises y publient leurs modèles et leurs jeux de données. La
neutralité est l’actif principal : personne ne craint d’y aider un concurrent.

## Ce que chacun y gagne

Les géants y trouvent une vitrine, les jeunes pousses un public, les développeurs des
outils communs.
""",
        },
        "en": None,
    },
    {
        "part": 5,
        "authors": ["helene-marchetti"],
        "announced": False,
        "target_in_days": 20,
        "fr": {
            "status": "draft",
            "title": "Les puces, nerf de la guerre",
            "slug": "les-puces-nerf-de-la-guerre",
            "standfirst": "Brouillon : qui contrôle le matériel contrôle le rythme.",
            "tags": ["matériel"],
            "body": "## Plan\n\nÀ écrire.\n",
        },
        "en": {
            "status": "draft",
            "title": "Chips, the sinews of war",
            "slug": "chips-the-sinews-of-war",
            "standfirst": "Draft: whoever controls the hardware sets the pace.",
            "tags": ["hardware"],
            "body": "## Outline\n\nTo be written.\n",
        },
    },
    {
        "part": 6,
        "authors": ["mikko-laine", "helene-marchetti"],
        "announced": True,
        "target_in_days": 7,
        "fr": {
            "status": "scheduled",
            "scheduled_in_days": 7,
            "title": "Microsoft, l’allié qui joue sur deux tableaux",
            "slug": "microsoft-l-allie-qui-joue-sur-deux-tableaux",
            "standfirst": (
                "Investisseur dans un laboratoire fermé et hébergeur de modèles ouverts : "
                "Microsoft parie sur les deux camps."
            ),
            "tags": ["intelligence artificielle", "stratégie", "informatique en nuage"],
            "body": """\
## Deux paris à la fois

Financer un laboratoire fermé tout en proposant des modèles ouverts sur son nuage :
la contradiction n’est qu’apparente.

## Le nuage comme terrain neutre

Quel que soit le modèle choisi, le calcul se paie chez l’hébergeur.

## Les limites de l’équilibre

Un allié trop puissant peut devenir un rival.
""",
        },
        "en": {
            "status": "scheduled",
            "scheduled_in_days": 7,
            "title": "Microsoft, the ally playing both sides",
            "slug": "microsoft-the-ally-playing-both-sides",
            "standfirst": (
                "Investor in a closed laboratory and host of open models: Microsoft backs "
                "both camps."
            ),
            "tags": ["artificial intelligence", "strategy", "cloud computing"],
            "body": """\
## Two bets at once

Funding a closed laboratory while offering open models on its cloud is a contradiction
only on the surface.

## The cloud as neutral ground

Whichever model a customer picks, the computing is paid to the host.

## Where the balance breaks

An ally that grows too strong can become a rival.
""",
        },
    },
    {
        "part": 7,
        "authors": ["helene-marchetti", "mikko-laine"],
        "announced": True,
        "target_in_days": 30,
        "fr": {"status": "planned", "title": "Mistral et le pari européen",
               "slug": "mistral-et-le-pari-europeen"},
        "en": {"status": "planned", "title": "Mistral and the European bet",
               "slug": "mistral-and-the-european-bet"},
    },
    {
        "part": 8,
        "authors": ["mikko-laine"],
        "announced": True,
        "target_in_days": 45,
        "fr": {"status": "planned", "title": "Apple, le géant discret de l’IA embarquée",
               "slug": "apple-le-geant-discret-de-l-ia-embarquee"},
        "en": {"status": "planned", "title": "Apple, the quiet giant of on-device AI",
               "slug": "apple-the-quiet-giant-of-on-device-ai"},
    },
    {
        "part": 9,
        "authors": ["helene-marchetti"],
        "announced": True,
        "target_in_days": 60,
        "fr": {"status": "planned", "title": "Qui paiera les données d’entraînement ?",
               "slug": "qui-paiera-les-donnees-d-entrainement"},
        "en": {"status": "planned", "title": "Who will pay for training data?",
               "slug": "who-will-pay-for-training-data"},
    },
    {
        # Outside the series: a call that closes in three weeks, when it is withdrawn.
        "part": None,
        "authors": ["helene-marchetti"],
        "announced": False,
        "withdraw_in_days": 21,
        "notes": [
            {"language": "fr", "by": "author", "resolved": False,
             "text": "Le retrait est calé sur la clôture de l’appel ; si les réponses "
                     "affluent, repoussons-le d’une semaine."},
        ],
        "fr": {
            "status": "published",
            "published_days_ago": 5,
            "title": "Appel à témoignages : votre entreprise face aux modèles ouverts",
            "slug": "appel-a-temoignages-modeles-ouverts",
            "standfirst": (
                "Vous avez choisi un modèle ouvert, ou écarté cette option ? Racontez-nous "
                "ce qui a pesé dans la décision."
            ),
            "tags": ["modèles ouverts", "appel à témoignages"],
            "body": """\
Pour un prochain épisode, nous cherchons des équipes qui ont dû trancher entre un modèle
qu’elles peuvent héberger elles-mêmes et un service fermé facturé à l’usage.

## Ce qui nous intéresse

Le coût réel, la maîtrise des données, le temps passé à adapter le modèle, et ce que
vous referiez autrement.

## Comment répondre

Écrivez à la rédaction d’ici trois semaines. Les réponses restent anonymes si vous le
souhaitez.
""",
        },
        "en": {
            "status": "published",
            "published_days_ago": 5,
            "title": "Call for stories: your company and open models",
            "slug": "call-for-stories-open-models",
            "standfirst": (
                "Did you pick an open model, or rule one out? Tell us what tipped the "
                "decision."
            ),
            "tags": ["open models", "call for stories"],
            "body": """\
For a coming part of the series, we are looking for teams that had to choose between a
model they can run themselves and a closed service billed by use.

## What we want to hear

The real cost, control over data, the time spent adapting the model, and what you would
do differently.

## How to answer

Write to the editors within three weeks. Answers stay anonymous if you wish.
""",
        },
    },
]
