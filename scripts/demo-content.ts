/**
 * Demo content for Practice Exchange: organisations, members and practice write-ups.
 *
 * Plain typed constants, read by scripts/seed-demo.ts. The organisations, people and figures
 * are invented; the kinds of work are those the network's exit programmes really do
 * (docs/product.md, "What the members do"). Nobody described in a
 * write-up is named or made recognisable, and no write-up holds contact details,
 * addresses, ID numbers or ages next to names (the privacy check stays silent).
 */
import type { Role } from "../app/domain/member";
import type { PracticeMeta, WriteUp } from "../app/domain/practice";

/** One password for every demo account (at least 12 characters). */
export const DEMO_PASSWORD = "practice exchange demo";
export const DEMO_URL = "http://localhost:3000";

/** The fixed theme taxonomy (migration 0003). */
export type ThemeKey =
  | "outreach"
  | "basic-needs"
  | "health"
  | "mental-health"
  | "housing"
  | "justice"
  | "formal-education"
  | "non-formal-education"
  | "vocational-training"
  | "income-generation"
  | "job-placement"
  | "peer-support"
  | "children-families"
  | "community-prevention"
  | "advocacy";

export type LanguageCode = "en" | "fr" | "es" | "de" | "pt" | "ny" | "mn" | "bn" | "hi" | "ne";

export type OrganisationKey = "kolkata" | "malawi" | "mongolia" | "nepal" | "france" | "spain" | "kenya";

export interface DemoOrganisation {
  key: OrganisationKey;
  name: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  languages: LanguageCode[];
  descriptionMd: string;
}

export type MemberKey = "claire" | "karim" | "lucia" | "marta" | "mitali" | "sharmin" | "chisomo" | "tamanda" | "oyuna" | "nomin" | "sabina" | "pramila" | "achieng";

export interface DemoMember {
  key: MemberKey;
  email: string;
  displayName: string;
  organisation: OrganisationKey;
  role: Role;
  /** A UI locale the app has a catalogue for. */
  locale: "en" | "fr";
}

export interface DemoMeta extends PracticeMeta {
  language: LanguageCode;
  themes: ThemeKey[];
  countries: string[];
}

/** A later edit of a published practice: each listed section gets the text appended. */
export interface DemoRevision {
  editor: MemberKey;
  note: string;
  append: Partial<Record<keyof Omit<WriteUp, "title" | "summary">, string>>;
}

export interface DemoPractice {
  /** Local key, used by translations to name their original. */
  key: string;
  author: MemberKey;
  /** Defaults to the author's organisation; a translation is credited to the original's. */
  organisation?: OrganisationKey;
  publish: boolean;
  /** Key of the practice this one translates. */
  translationOf?: string;
  /** Note of the first revision. */
  note?: string;
  writeUp: WriteUp;
  meta: DemoMeta;
  /** Applied after every practice exists, so a translation can fall behind its original. */
  revision?: DemoRevision;
}

export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  {
    key: "kolkata",
    name: "Ujjwal Bhor Trust",
    country: "IN",
    languages: ["bn", "hi", "en"],
    descriptionMd: `Ujjwal Bhor ("bright dawn") works in two red-light areas of Kolkata with women and girls in prostitution and with their children.

- **Income-generating activities** that give women a way out with an income of their own: a mobile catering unit, jewellery-making and sewing workshops.
- **Education and activity centres**, open every day, and a **night crèche** for children of mothers in prostitution.
- Vocational training in baking and pastry, cooking, beauty and hairdressing, computing and entrepreneurship.

One of the four organisations of the exit programme (India, Malawi, Mongolia, Nepal).`,
  },
  {
    key: "malawi",
    name: "Tiyambe Network Malawi",
    country: "MW",
    languages: ["en", "ny"],
    descriptionMd: `Tiyambe ("let us begin" in Chichewa) prevents the trafficking and sexual exploitation of girls and young women in Malawi's trading centres and along its main transport corridor.

- **Prevention where exploitation happens**: outreach at truck stops, bars and rest houses, community watch groups.
- **Justice**: training for police officers and community leaders on the national Trafficking in Persons Act, and a referral protocol with the police.
- **Ending child marriage** with chiefs, mothers' groups and schools.
- School re-entry and vocational training for survivors.

One of the four organisations of the exit programme (India, Malawi, Mongolia, Nepal).`,
  },
  {
    key: "mongolia",
    name: "Naran Protection Centre",
    country: "MN",
    languages: ["mn", "en"],
    descriptionMd: `Naran ("sun") runs shelters in Ulaanbaatar for girls and young women who have been sexually exploited. It was the first organisation in Mongolia licensed by the state to work with sexually exploited children.

- Shelter, trauma-informed psychological care and support through the justice process.
- Semi-independent living and follow-up after leaving the shelter.
- Vocational training in baking and pastry, cooking, hairdressing, computing and entrepreneurship, with job placement.

One of the four organisations of the exit programme (India, Malawi, Mongolia, Nepal).`,
  },
  {
    key: "nepal",
    name: "Nayaa Baato Nepal",
    country: "NP",
    languages: ["ne", "en", "hi"],
    descriptionMd: `Nayaa Baato ("new path") works on Nepal's open border with India to stop the trafficking of girls and young women, and supports survivors afterwards.

- **Interception points** at border crossings, staffed mostly by survivors.
- **Transit homes** near the border and a **rehabilitation home** in the Kathmandu valley.
- **Vocational training** (sewing, security guard, beautician, carpentry, bookkeeping, cooking, baking, computing) and **small loans** to start a business.

One of the four organisations of the exit programme (India, Malawi, Mongolia, Nepal).`,
  },
  {
    key: "france",
    name: "Association Cap Sortie",
    country: "FR",
    languages: ["fr", "en"],
    descriptionMd: `Association lyonnaise qui accompagne les personnes en situation de prostitution vers la sortie.

- Permanences d'accueil et maraudes en soirée.
- Accompagnement dans le parcours de sortie de la prostitution prévu par la loi : droits, santé, titre de séjour.
- Logement et insertion professionnelle avec des bailleurs et des structures d'insertion partenaires.

Membre du réseau depuis sa création ; héberge le secrétariat de la plateforme.`,
  },
  {
    key: "spain",
    name: "Fundación Camino Propio",
    country: "ES",
    languages: ["es", "en"],
    descriptionMd: `Fundación con sede en Sevilla que acompaña a mujeres víctimas de trata y explotación sexual en su salida de la prostitución.

- Mentoras supervivientes que acompañan a cada mujer desde el primer contacto.
- Asesoría jurídica, vivienda de acogida e inserción laboral con empresas colaboradoras.
- Incidencia política por una ley abolicionista integral.`,
  },
  {
    key: "kenya",
    name: "Mwanga Survivors' Collective",
    country: "KE",
    languages: ["en"],
    descriptionMd: `A survivor-led collective on the Kenyan coast. Every member of staff and of the board has lived experience of exploitation in prostitution.

- Peer support circles for women who want to exit.
- Accompaniment to health, legal and social services.
- Advocacy with county government for exit services and against the exploitation of girls in the tourism economy.`,
  },
];

export const DEMO_MEMBERS: DemoMember[] = [
  { key: "claire", email: "claire@demo.practice-exchange.test", displayName: "Claire", organisation: "france", role: "admin", locale: "fr" },
  { key: "lucia", email: "lucia@demo.practice-exchange.test", displayName: "Lucía", organisation: "spain", role: "curator", locale: "en" },
  { key: "mitali", email: "mitali@demo.practice-exchange.test", displayName: "Mitali", organisation: "kolkata", role: "coordinator", locale: "en" },
  { key: "sharmin", email: "sharmin@demo.practice-exchange.test", displayName: "Sharmin", organisation: "kolkata", role: "member", locale: "en" },
  { key: "chisomo", email: "chisomo@demo.practice-exchange.test", displayName: "Chisomo", organisation: "malawi", role: "coordinator", locale: "en" },
  { key: "tamanda", email: "tamanda@demo.practice-exchange.test", displayName: "Tamanda", organisation: "malawi", role: "member", locale: "en" },
  { key: "oyuna", email: "oyuna@demo.practice-exchange.test", displayName: "Oyuna", organisation: "mongolia", role: "coordinator", locale: "en" },
  { key: "nomin", email: "nomin@demo.practice-exchange.test", displayName: "Nomin", organisation: "mongolia", role: "member", locale: "en" },
  { key: "sabina", email: "sabina@demo.practice-exchange.test", displayName: "Sabina", organisation: "nepal", role: "coordinator", locale: "en" },
  { key: "pramila", email: "pramila@demo.practice-exchange.test", displayName: "Pramila", organisation: "nepal", role: "member", locale: "en" },
  { key: "karim", email: "karim@demo.practice-exchange.test", displayName: "Karim", organisation: "france", role: "member", locale: "fr" },
  { key: "marta", email: "marta@demo.practice-exchange.test", displayName: "Marta", organisation: "spain", role: "member", locale: "en" },
  { key: "achieng", email: "achieng@demo.practice-exchange.test", displayName: "Achieng", organisation: "kenya", role: "member", locale: "en" },
];

// ---------------------------------------------------------------------------
// Kolkata, India
// ---------------------------------------------------------------------------

const KOLKATA_CATERING: DemoPractice = {
  key: "kolkata-catering",
  author: "mitali",
  publish: true,
  note: "First version.",
  meta: { language: "en", themes: ["income-generation", "vocational-training", "job-placement"], countries: ["IN"] },
  writeUp: {
    title: "Mobile catering run by women exiting prostitution",
    summary:
      "In two red-light areas of Kolkata we set up a mobile catering unit — a tricycle kitchen and a catering service for offices and events — run by women who want to leave prostitution. We provided the training, the equipment and the first orders; the unit now covers its running costs and pays its cooks a regular weekly wage, and that regular income is what makes exit possible.",
    context: `Most of the women we meet in the two red-light areas where we work say the same thing: they would leave prostitution if they had a regular income that covered rent, food and their children's schooling. Training alone had not given them that. Our earlier tailoring courses left women with a certificate and no customers.

Food was different. Many women already cooked for neighbours, the office districts nearby need cheap, clean lunches every day, and a catering business can start small. Stigma was a real barrier: some customers refused the food once they knew where the cooks came from. So the unit had to be run as a proper business with its own name and licence, not as a charity project, and the women had to own the decisions about it.`,
    approach: `1. **Listen first.** Staff of our activity centre held small group talks with women interested in cooking work; twelve chose to join the first cohort.
2. **Train for four months.** Hygiene and food safety, a fixed menu of six dishes, costing and pricing, portion control, serving customers. A hotel chef volunteered one morning a week.
3. **Get the paperwork right.** We registered the unit for a food business licence and opened a bank account in each cook's own name, so that wages go to an account she controls.
4. **Start with a cart, then grow.** A tricycle kitchen sold lunches near two office blocks; after six months we added catering for meetings, training events and family functions.
5. **Share the money openly.** A weekly meeting reviews sales and costs; cooks receive a fixed weekly wage plus a share of the profit every quarter.
6. **Keep the support in place.** Counselling, the night crèche and the activity centre stay open to every cook; nobody loses her place for missing a week.`,
    resources: `- **People:** one enterprise coordinator (full time), one counsellor (part time), a volunteer chef.
- **Equipment:** a tricycle kitchen, gas burners, insulated food containers and a small rented kitchen room — about INR 3,80,000 at the start.
- **Running costs:** ingredients, gas, licence fees and transport — about INR 45,000 a month in the first year. Sales covered 60 % of this by month twelve, and all of it by month twenty.
- **Partners:** two offices and a training institute placed regular orders in the first year, which gave the unit a base to grow from.`,
    outcomes: `- 34 women trained in three cohorts between 2022 and 2024; 22 of them still work in the unit or in other kitchens.
- 19 of these 22 say they have left prostitution entirely; the others stay in regular contact with our counsellors.
- The unit now serves about 1,100 meals a month and has covered its own running costs since month twenty.
- Cooks earn on average INR 9,500 a month, paid weekly into their own accounts.
- 27 of the cooks' 29 children of school age are enrolled in school.`,
    lessons: `- A business name and a proper licence mattered more than we expected: customers judge the food, not the cooks.
- Pay weekly at the start. A monthly wage was too long a wait for women carrying daily debts.
- Debt to brothel keepers and moneylenders is the main reason women go back. Every new cook now meets our legal aid partner in her first week and leaves with a plan for her debts.
- Do not train more women than the business can employ. Our third cohort was too large; some waited months for a place, and two of them returned to the area.`,
    adapt: `Start with food the neighbourhood already buys. A tricycle kitchen is cheap to set up; one regular contract with a friendly institution (a school, an office canteen, a hospital) gives stability in the first year.`,
  },
};

const KOLKATA_CATERING_BN: DemoPractice = {
  key: "kolkata-catering-bn",
  author: "sharmin",
  translationOf: "kolkata-catering",
  publish: true,
  note: "বাংলা অনুবাদ।",
  meta: { language: "bn", themes: ["income-generation", "vocational-training", "job-placement"], countries: ["IN"] },
  writeUp: {
    title: "পতিতাবৃত্তি থেকে বেরিয়ে আসা নারীদের চালানো ভ্রাম্যমাণ ক্যাটারিং",
    summary:
      "কলকাতার দুটি রেড-লাইট এলাকায় আমরা একটি ভ্রাম্যমাণ ক্যাটারিং ইউনিট শুরু করেছি — একটি ভ্যান-রিকশার রান্নাঘর আর অফিস ও অনুষ্ঠানের জন্য খাবার সরবরাহ — যা চালান পতিতাবৃত্তি ছেড়ে আসতে চাওয়া নারীরা। প্রশিক্ষণ, সরঞ্জাম আর প্রথম অর্ডারগুলো আমরা জোগাড় করেছি; এখন ইউনিটটি নিজের চলতি খরচ নিজেই মেটায় এবং রাঁধুনিদের নিয়মিত সাপ্তাহিক মজুরি দেয় — আর এই নিয়মিত আয়ই বেরিয়ে আসাকে সম্ভব করে।",
    context: `দুটি রেড-লাইট এলাকায় আমরা যে নারীদের সঙ্গে কাজ করি, তাঁদের বেশিরভাগই একই কথা বলেন: ঘরভাড়া, খাবার আর সন্তানদের পড়াশোনার খরচ চালানোর মতো নিয়মিত আয় থাকলে তাঁরা পতিতাবৃত্তি ছেড়ে দিতেন। শুধু প্রশিক্ষণ সেই আয় দেয়নি। আমাদের আগের দর্জির কাজের কোর্স শেষে নারীদের হাতে ছিল একটি সার্টিফিকেট, কিন্তু কোনো খদ্দের ছিল না।

খাবারের ব্যাপারটা আলাদা। অনেকেই আগে থেকে প্রতিবেশীদের জন্য রান্না করতেন, কাছের অফিসপাড়ায় রোজ সস্তা ও পরিষ্কার দুপুরের খাবারের চাহিদা আছে, আর ক্যাটারিং ব্যবসা ছোট করে শুরু করা যায়। কলঙ্ক ছিল বড় বাধা: রাঁধুনিরা কোথা থেকে এসেছেন জানার পর কিছু খদ্দের খাবার নিতে অস্বীকার করেছিলেন। তাই ইউনিটটিকে দাতব্য প্রকল্প হিসেবে নয়, নিজস্ব নাম ও লাইসেন্সসহ একটি আসল ব্যবসা হিসেবে চালাতে হয়েছে, আর সিদ্ধান্তগুলো নারীদের নিজেদের হাতেই রাখতে হয়েছে।`,
    approach: `1. **আগে শোনা।** আমাদের অ্যাক্টিভিটি সেন্টারের কর্মীরা রান্নার কাজে আগ্রহী নারীদের সঙ্গে ছোট ছোট দলে আলোচনা করেন; প্রথম দলে বারোজন যোগ দেন।
2. **চার মাসের প্রশিক্ষণ।** স্বাস্থ্যবিধি ও খাদ্য নিরাপত্তা, ছয়টি পদের নির্দিষ্ট মেনু, খরচ ও দামের হিসাব, পরিমাণ নিয়ন্ত্রণ, খদ্দেরদের পরিবেশন। একটি হোটেলের শেফ সপ্তাহে এক সকাল স্বেচ্ছায় শেখাতেন।
3. **কাগজপত্র ঠিক রাখা।** ইউনিটের জন্য খাদ্য ব্যবসার লাইসেন্স নেওয়া হয় এবং প্রত্যেক রাঁধুনির নিজের নামে ব্যাংক অ্যাকাউন্ট খোলা হয়, যাতে মজুরি তাঁর নিজের নিয়ন্ত্রণে থাকা অ্যাকাউন্টে যায়।
4. **ভ্যান দিয়ে শুরু, তারপর বড় হওয়া।** একটি ভ্যান-রিকশার রান্নাঘর দুটি অফিস ভবনের কাছে দুপুরের খাবার বিক্রি করত; ছয় মাস পরে মিটিং, প্রশিক্ষণ ও পারিবারিক অনুষ্ঠানের ক্যাটারিং যোগ হয়।
5. **টাকার হিসাব খোলাখুলি।** সাপ্তাহিক বৈঠকে বিক্রি ও খরচ দেখা হয়; রাঁধুনিরা নির্দিষ্ট সাপ্তাহিক মজুরি পান, আর প্রতি তিন মাসে লাভের একটি অংশ।
6. **সহায়তা চালু রাখা।** কাউন্সেলিং, রাতের ক্রেশ আর অ্যাক্টিভিটি সেন্টার প্রত্যেক রাঁধুনির জন্য খোলা থাকে; এক সপ্তাহ না এলে কেউ নিজের জায়গা হারান না।`,
    resources: `- **মানুষ:** একজন উদ্যোগ সমন্বয়কারী (পূর্ণ সময়), একজন কাউন্সেলর (খণ্ডকালীন), একজন স্বেচ্ছাসেবী শেফ।
- **সরঞ্জাম:** ভ্যান-রিকশার রান্নাঘর, গ্যাসের চুলা, তাপ-নিরোধক খাবারের পাত্র আর ভাড়া নেওয়া একটি ছোট রান্নাঘর — শুরুতে প্রায় ৩,৮০,০০০ টাকা।
- **চলতি খরচ:** কাঁচামাল, গ্যাস, লাইসেন্স ফি ও যাতায়াত — প্রথম বছরে মাসে প্রায় ৪৫,০০০ টাকা। বারো মাসের মাথায় বিক্রি থেকে এর ৬০ % উঠে আসত, বিশ মাসের মাথায় পুরোটা।
- **সহযোগী:** দুটি অফিস ও একটি প্রশিক্ষণ প্রতিষ্ঠান প্রথম বছরে নিয়মিত অর্ডার দিয়েছে, যা ইউনিটকে দাঁড়ানোর ভিত্তি দিয়েছে।`,
    outcomes: `- ২০২২ থেকে ২০২৪ সালের মধ্যে তিনটি দলে ৩৪ জন নারী প্রশিক্ষণ পেয়েছেন; তাঁদের ২২ জন এখনো ইউনিটে বা অন্য রান্নাঘরে কাজ করছেন।
- এই ২২ জনের ১৯ জন জানিয়েছেন যে তাঁরা পুরোপুরি পতিতাবৃত্তি ছেড়ে এসেছেন; বাকিরা আমাদের কাউন্সেলরদের সঙ্গে নিয়মিত যোগাযোগ রাখছেন।
- ইউনিট এখন মাসে প্রায় ১,১০০ জনের খাবার সরবরাহ করে এবং বিশ মাস থেকে নিজের চলতি খরচ নিজেই মেটাচ্ছে।
- রাঁধুনিরা গড়ে মাসে প্রায় ৯,৫০০ টাকা আয় করেন, প্রতি সপ্তাহে নিজের অ্যাকাউন্টে।
- রাঁধুনিদের স্কুলে যাওয়ার বয়সী ২৯টি সন্তানের মধ্যে ২৭টি স্কুলে ভর্তি।`,
    lessons: `- ব্যবসার নাম আর সঠিক লাইসেন্স আমাদের ধারণার চেয়েও বেশি গুরুত্বপূর্ণ ছিল: খদ্দের খাবার বিচার করেন, রাঁধুনিকে নয়।
- শুরুতে সাপ্তাহিক মজুরি দিন। প্রতিদিনের দেনার বোঝা নিয়ে চলা নারীদের পক্ষে মাসিক মজুরির জন্য অপেক্ষা করা খুব দীর্ঘ।
- বাড়িউলি ও মহাজনের কাছে দেনাই নারীদের ফিরে যাওয়ার প্রধান কারণ। এখন প্রত্যেক নতুন রাঁধুনি প্রথম সপ্তাহেই আমাদের আইনি সহায়তা সহযোগীর সঙ্গে দেখা করেন এবং দেনা মেটানোর একটি পরিকল্পনা নিয়ে ফেরেন।
- ব্যবসা যতজনকে কাজ দিতে পারে, তার বেশি প্রশিক্ষণ দেবেন না। আমাদের তৃতীয় দলটি খুব বড় ছিল; কয়েকজনকে জায়গার জন্য মাসের পর মাস অপেক্ষা করতে হয়েছে, আর তাঁদের দুজন এলাকায় ফিরে গেছেন।`,
    adapt: `এলাকার মানুষ যে খাবার আগে থেকেই কেনেন, তা দিয়ে শুরু করুন। ভ্যান-রিকশার রান্নাঘর বানাতে খরচ কম; কোনো সহৃদয় প্রতিষ্ঠানের (স্কুল, অফিস ক্যান্টিন, হাসপাতাল) সঙ্গে একটি নিয়মিত চুক্তি প্রথম বছরে স্থিতি দেয়।`,
  },
};

const KOLKATA_CRECHE: DemoPractice = {
  key: "kolkata-creche",
  author: "mitali",
  publish: true,
  meta: { language: "en", themes: ["children-families", "basic-needs", "formal-education"], countries: ["IN"] },
  writeUp: {
    title: "A night crèche for the children of mothers in prostitution",
    summary:
      "Children in red-light areas are most at risk at night, when their mothers are under the control of brothel keepers and buyers fill the lanes. Our night crèche gives up to 30 children a safe place to eat, study and sleep from evening to morning, close enough for mothers to visit. For many mothers it has also been the first step towards talking to us about their own exit.",
    context: `In the two red-light areas where we work, many children spend the night under the bed or on the floor of the room where their mother is exploited, or are left outside until late. Older girls are approached by brokers and recruited. Schools and our day centres covered the daytime; nobody covered the night, which is when the risk is highest.

The mothers asked for it themselves during our group meetings. They wanted a place where their children would be safe, near enough to visit, and that would not take the children away from them — many had been threatened with exactly that by officials in the past.`,
    approach: `1. **Let the mothers set the rules.** Three group meetings decided the opening hours, who may collect a child and when mothers can visit.
2. **Find a building inside the area but away from the brothels.** We rented the upper floor of a house owned by a supportive family, with its own staircase.
3. **Open every night from 7 pm to 8 am.** Dinner, homework help, a wash, sleep, breakfast — then staff walk the children to school.
4. **Two adults awake all night**, always at least one woman, with a written child-protection policy that every staff member and volunteer signs.
5. **Enrol every child in school** and keep a short file: school, health, vaccinations, who may collect the child. Files are kept locked and never leave the team.
6. **Hold a mothers' evening every month.** The talk often turns to the mothers' own lives; the counsellor is there and offers a follow-up meeting.`,
    resources: `- Rented space for 30 children: two dormitory rooms, a study room, a kitchen and toilets.
- Staff: four night carers on rotation, a cook and a part-time coordinator; a doctor visits once a month.
- About INR 1,10,000 a month in total, mostly salaries and food.
- Mattresses, bedding, lockers, study materials and a first-aid kit.
- Good relations with two nearby schools and with the local police station, so that a carer can get help at night.`,
    outcomes: `- All 30 places have been full since the second year; 74 children used the crèche over three years.
- Every child of school age is enrolled; school attendance of crèche children rose from about 55 % to 90 %.
- No child using the crèche was recruited into prostitution during the programme.
- 21 mothers started counselling after the monthly evenings, and 12 of them have since joined our income-generating activities.`,
    lessons: `- The mothers must keep the decision. The crèche works because it does not separate them from their children.
- Night staff need support of their own: burn-out came fast in the first year, until we added a fourth carer and monthly supervision.
- Brothel keepers at first tried to stop mothers from using the crèche. Meeting them together with the local women's committee and the officer in charge of the police station ended that.
- Older boys need a different space; from the age of twelve we refer them to a partner hostel.`,
    adapt: `A smaller version can start with one room and ten children, open three nights a week. What cannot be reduced: two adults awake all night, and a clear child-protection policy.`,
  },
  revision: {
    editor: "mitali",
    note: "Added the cost per child and the monthly health check.",
    append: {
      approach: `7. **Check health every month.** The visiting doctor sees every child once a month; a carer takes any child who falls ill at night to the hospital, and the mother is told at once.`,
      resources: `- Cost per child: roughly INR 3,700 a month, food and care included.`,
    },
  },
};

const KOLKATA_WORKSHOPS: DemoPractice = {
  key: "kolkata-workshops",
  author: "sharmin",
  publish: true,
  meta: { language: "en", themes: ["income-generation", "vocational-training", "peer-support"], countries: ["IN"] },
  writeUp: {
    title: "Jewellery-making and sewing workshops that sell, not just train",
    summary:
      "Two small workshops in Kolkata, one for jewellery and one for sewing, where women exiting prostitution learn a trade while already earning. Every piece made is sold through fairs, shops and orders from companies and schools, and trainees are paid per piece from their first month.",
    context: `Our first sewing courses, years ago, taught well but left women with nowhere to sell. Women in prostitution cannot afford months without income while they learn, and the debts that tie them to brothel keepers grow every week they do not pay.

We needed training that paid from the start, and products with a real market. Beaded and thread jewellery and simple sewn goods — bags, cushion covers, school uniforms — fitted: the equipment is cheap, the work can be done in a safe room near the area, and there are buyers among companies looking for ethical gifts and among schools.`,
    approach: `1. Trainees join a workshop for a **six-month apprenticeship, four hours a day**, so that they can also use the centre and look after their children.
2. A master trainer teaches **a small set of designs chosen for what sells**; a new design is added only when an order asks for it.
3. **Payment per finished piece from week one**, at a rate checked against quality, with a fixed stipend in the first month while speed is low.
4. **Quality control by a senior artisan**, herself a survivor, who explains every rejection.
5. **Sales** through festival fairs, two shops in the city, and bulk orders from companies and schools. A part-time sales officer handles orders and invoices.
6. **After six months, each woman chooses**: stay as a paid artisan, take a garment-unit job we help her find, or work from home with a sewing machine bought on a small loan.`,
    resources: `- Two rooms, eight sewing machines, an overlock machine, jewellery tools and beads.
- A master trainer for each workshop, a senior artisan and a part-time sales officer.
- Working capital to keep two months of materials in stock: about INR 2,00,000.
- Start-up costs came from a grant. Sales now cover materials and piece rates; the trainers' salaries still come from the programme.`,
    outcomes: `- 41 women trained over three years: 23 in sewing, 18 in jewellery.
- 29 still earn from the trade: 14 as artisans in the workshops, 9 in garment units, 6 from home.
- Full-time artisans earned on average about INR 8,000 a month in the third year.
- Sales covered 64 % of the workshops' costs in 2024.
- Four bulk orders of school uniforms a year now give steady work in the slow season.`,
    lessons: `- Sell before you scale: every design added without a buyer became unsold stock.
- Piece rates reward speed, which can push quality down; the senior artisan's checks and a small quality bonus keep the balance.
- Survivors as senior artisans change the atmosphere. Trainees trust someone who has been where they are.
- Keep the accounts visible. A board on the wall with each week's sales answered most suspicion about money.`,
    adapt: `Choose the product from the market you can reach, not from the skills you can teach. Company gift orders are seasonal; schools and hospitals buy all year round.`,
  },
};

const KOLKATA_CENTRES: DemoPractice = {
  key: "kolkata-centres",
  author: "mitali",
  publish: true,
  meta: {
    language: "en",
    themes: ["formal-education", "non-formal-education", "children-families", "outreach"],
    countries: ["IN"],
  },
  writeUp: {
    title: "Education and activity centres inside red-light areas",
    summary:
      "Two centres, one in each red-light area where we work, open every day to girls, boys and young women: school support, literacy for those who never finished school, sport, art and life-skills groups. For many girls they are the first safe place they know, and most of our later exit support starts there.",
    context: `Daughters of women in prostitution are at the highest risk of being drawn into it themselves, often in their early teens. Many have dropped out of school because of stigma, frequent moves or work at home. Young women in prostitution who want to leave often cannot read well enough to follow a training course.

Street outreach alone did not build enough trust. Girls and young women needed somewhere to come back to, every day, with adults who knew them.`,
    approach: `1. **A room inside the area, open every day** from 10 am to 7 pm: mornings for young women, afternoons and evenings for children after school.
2. **School support**: homework help, bridge classes for children out of school, then enrolment in government schools, with our staff at the first meetings with teachers.
3. **Literacy and numeracy for young women** in small groups, using everyday material — prices, bus routes, forms.
4. **Activities that build confidence**: dance, drawing, football, and a girls' group on the body, rights and safety.
5. **A key worker for every participant**, who knows her situation and can refer her to counselling, health care, legal aid or our income-generating activities.
6. **Parents' meetings every two months**, mostly with mothers, about school and safety.`,
    resources: `- Two rented rooms with toilets and a small library.
- Six staff: two teachers, two activity facilitators and two key workers, one of them a survivor.
- About INR 1,60,000 a month for both centres, salaries included.
- Links with nearby government schools, a health clinic and a legal aid organisation.`,
    outcomes: `- 212 girls, boys and young women took part over three years, about 140 of them regularly at any one time.
- 58 children who were out of school were enrolled or re-enrolled; 49 were still in school at the end of 2024.
- 37 young women completed the literacy course, and 25 of them went on to vocational training.
- 19 girls at immediate risk of recruitment were referred to child protection services and supported, with their mothers' agreement.`,
    lessons: `- Consistency is the method: the same adults, the same hours, every day.
- Girls' groups need their own space and time; in mixed activities the boys took over.
- Key workers need small caseloads — no more than 25 each — to follow up referrals properly.
- Never make taking part conditional on leaving prostitution. Trust comes first; the decision to exit follows.`,
    adapt: `Where there is no room to rent inside the area, a weekly session in a school or community hall is a start — but daily opening is what made the difference for us.`,
  },
};

// ---------------------------------------------------------------------------
// Malawi
// ---------------------------------------------------------------------------

const MALAWI_TRUCK_STOPS: DemoPractice = {
  key: "malawi-truck-stops",
  author: "chisomo",
  publish: true,
  meta: { language: "en", themes: ["outreach", "community-prevention", "peer-support"], countries: ["MW"] },
  writeUp: {
    title: "Prevention at truck stops, bars and rest houses",
    summary:
      "Along Malawi's main transport corridor, our outreach staff and trained peer educators visit the truck stops, bars and rest houses where girls are recruited and exploited. They talk with girls and young women, with bar owners and with drivers, and each trading centre has a community watch group that meets the police every month and refers suspected trafficking.",
    context: `Girls from rural districts come to the trading centres looking for work in bars, rest houses or markets, and many end up exploited in prostitution, sometimes within weeks. Long-distance drivers and bar owners are part of the chain, knowingly or not.

The girls rarely know that what is happening to them is a crime under the Trafficking in Persons Act, or where to go for help. The police posts at trading centres are small and were not seeing these cases. Awareness campaigns in schools existed, but nobody was present in the places where exploitation actually happens, at the hours when it happens.`,
    approach: `1. **Map the hotspots** with local leaders: which bars, rest houses and parking areas, and at what times.
2. **Recruit and train peer educators**, including survivors who chose to take part: five days on trafficking, first contact, personal safety and referral.
3. **Go out in pairs, twice a week, in the evening**, with information cards in Chichewa and English. Nothing that could identify a girl is ever written down in the field.
4. **Meet bar and rest-house owners one by one**: explain the law and its penalties, ask them to sign a short code of conduct, and come back to check.
5. **Talk to drivers** through their association, at weighbridges and border parking areas.
6. **Set up a community watch group in each trading centre** — a chief's representative, a teacher, a health worker and a market leader — that meets the police every month and refers cases.
7. **Refer girls who want to leave** to our safe space, and from there to family tracing, school re-entry or vocational training.`,
    resources: `- Four outreach staff and 16 peer educators with a monthly allowance; one motorbike for each pair of districts.
- Information cards and posters in Chichewa and English, printed locally.
- About MWK 5,500,000 a year for allowances, fuel, meetings and printing.
- Meeting rooms lent by the district council.`,
    outcomes: `- Six trading centres covered, with nine community watch groups active.
- More than 3,100 girls and young women reached with information in three years.
- 87 girls referred to our services; 64 accepted support, and 41 went back to school or into vocational training.
- 23 bar and rest-house owners signed the code of conduct; two who refused were reported and later prosecuted.
- The police recorded 18 suspected trafficking cases from watch group referrals.`,
    lessons: `- Survivor peer educators are heard by girls in a way staff are not — but they need a paid allowance, a debriefing after each outreach and the right to stop at any time.
- Owners respond to the law more than to moral arguments: the code of conduct worked once they knew the penalties.
- A girl referred late at night needs a place that same night. Referrals to an office "tomorrow morning" were lost.
- Keep no lists of girls in the field; information stays with the caseworker at the office.`,
    adapt: `Begin where the routes are: one trading centre, one group of owners, one police post. The law and its penalties are the most persuasive material you have.`,
  },
  revision: {
    editor: "tamanda",
    note: "Added what keeps the watch groups going and how night referrals now work.",
    append: {
      approach: `8. **Keep a bed for the night.** A caseworker is on call until midnight, and one room in our safe space is always kept free for girls referred after dark.`,
      lessons: `- Watch groups that meet without the police stop meeting. The joint monthly meeting, with a police officer present, is what keeps them alive.`,
    },
  },
};

const MALAWI_TRUCK_STOPS_FR: DemoPractice = {
  key: "malawi-truck-stops-fr",
  author: "karim",
  organisation: "malawi",
  translationOf: "malawi-truck-stops",
  publish: true,
  note: "Traduction française pour le réseau.",
  meta: { language: "fr", themes: ["outreach", "community-prevention", "peer-support"], countries: ["MW"] },
  writeUp: {
    title: "Prévention sur les aires de camions, dans les bars et les auberges",
    summary:
      "Le long du principal corridor de transport du Malawi, nos intervenantes et des paires éducatrices formées se rendent sur les aires de camions, dans les bars et les auberges où des filles sont recrutées et exploitées. Elles parlent avec les filles et les jeunes femmes, avec les tenanciers de bars et avec les chauffeurs ; chaque centre commercial a un groupe de vigilance communautaire qui rencontre la police chaque mois et signale les cas de traite présumés.",
    context: `Des filles venues des districts ruraux arrivent dans les centres commerciaux pour chercher du travail dans les bars, les auberges ou sur les marchés, et beaucoup se retrouvent exploitées dans la prostitution, parfois en quelques semaines. Les chauffeurs routiers et les tenanciers de bars font partie de la chaîne, sciemment ou non.

Les filles savent rarement que ce qu'elles subissent est un crime au regard de la loi nationale contre la traite des personnes, ni où trouver de l'aide. Les postes de police des centres commerciaux sont petits et ne voyaient pas ces situations. Des campagnes de sensibilisation existaient dans les écoles, mais personne n'était présent là où l'exploitation a réellement lieu, aux heures où elle a lieu.`,
    approach: `1. **Cartographier les lieux à risque** avec les responsables locaux : quels bars, quelles auberges, quelles aires de stationnement, et à quelles heures.
2. **Recruter et former des paires éducatrices**, dont des survivantes qui ont choisi de s'engager : cinq jours sur la traite, le premier contact, la sécurité personnelle et l'orientation.
3. **Sortir en binôme, deux soirs par semaine**, avec des cartes d'information en chichewa et en anglais. Rien qui puisse identifier une fille n'est jamais noté sur le terrain.
4. **Rencontrer un par un les tenanciers de bars et d'auberges** : expliquer la loi et les peines encourues, leur demander de signer un court code de conduite, puis revenir vérifier.
5. **Parler aux chauffeurs** par l'intermédiaire de leur association, aux ponts-bascules et sur les aires de stationnement frontalières.
6. **Créer un groupe de vigilance communautaire dans chaque centre commercial** — un représentant du chef, un enseignant, un agent de santé et une responsable du marché — qui rencontre la police chaque mois et signale les cas.
7. **Orienter les filles qui veulent partir** vers notre lieu d'accueil sécurisé, puis vers la recherche de la famille, le retour à l'école ou une formation professionnelle.`,
    resources: `- Quatre intervenantes salariées et 16 paires éducatrices indemnisées chaque mois ; une moto pour deux districts.
- Cartes d'information et affiches en chichewa et en anglais, imprimées sur place.
- Environ 5,5 millions de kwachas par an pour les indemnités, le carburant, les réunions et l'impression.
- Salles de réunion prêtées par le conseil de district.`,
    outcomes: `- Six centres commerciaux couverts, neuf groupes de vigilance actifs.
- Des informations transmises à plus de 3 100 filles et jeunes femmes en trois ans.
- 87 filles orientées vers nos services ; 64 ont accepté un accompagnement, et 41 sont retournées à l'école ou en formation professionnelle.
- 23 tenanciers de bars et d'auberges ont signé le code de conduite ; deux qui ont refusé ont été signalés puis poursuivis.
- La police a enregistré 18 cas de traite présumés signalés par les groupes de vigilance.`,
    lessons: `- Les paires éducatrices survivantes sont écoutées par les filles comme le personnel ne l'est pas — mais elles ont besoin d'une indemnité, d'un temps de parole après chaque sortie et du droit d'arrêter à tout moment.
- Les tenanciers réagissent à la loi plus qu'aux arguments moraux : le code de conduite a fonctionné une fois les peines connues.
- Une fille orientée tard le soir a besoin d'un lieu le soir même. Les orientations vers un bureau « demain matin » se perdaient.
- Ne tenir aucune liste de filles sur le terrain ; les informations restent au bureau, chez la travailleuse sociale.`,
    adapt: `Commencer là où passent les routes : un centre commercial, un groupe de tenanciers, un poste de police. La loi et ses peines sont l'argument le plus convaincant dont vous disposez.`,
  },
};

const MALAWI_POLICE: DemoPractice = {
  key: "malawi-police",
  author: "tamanda",
  publish: true,
  meta: { language: "en", themes: ["justice", "advocacy", "community-prevention"], countries: ["MW"] },
  writeUp: {
    title: "Training police and community leaders on the Trafficking in Persons Act",
    summary:
      "Many police officers, court clerks and village leaders in our districts had never read the national Trafficking in Persons Act. We ran short, practical trainings built around anonymised cases from our own work, and agreed a referral protocol with the police so that girls identified as victims are protected as victims instead of being charged.",
    context: `When we started, girls found in bars during police operations were often arrested for being "idle and disorderly", while the adults exploiting them were rarely investigated. The officers we spoke to did not know how the Act defines trafficking, that a child's "consent" is irrelevant, or that the Act protects victims from prosecution for offences linked to their exploitation.

Village heads, who settle many disputes, were negotiating "compensation" between the girl's family and the exploiter. Cases that reached the police were often withdrawn after such a settlement.`,
    approach: `1. **Start at the top.** The district police commander agreed in writing that every officer at the station, including the victim support unit, would be trained.
2. **One-day trainings for groups of 20**, led by our lawyer together with a senior police prosecutor: the definition of trafficking, children and consent, victims' rights, evidence.
3. **Case exercises** built from anonymised situations we had met: what would you do, and what does the Act say?
4. **A written referral protocol**, signed by the police and the district social welfare office: who calls whom, where a girl sleeps that night, who goes with her to court.
5. **Half-day sessions in Chichewa for chiefs and village heads** on why trafficking cases cannot be settled between families.
6. **Quarterly follow-up visits** to each station to review cases together.`,
    resources: `- A part-time lawyer, our training coordinator and co-trainers from the police prosecution service.
- An eight-page plain-language summary of the Act in Chichewa and English.
- Venue, meals and transport for participants: about MWK 650,000 per training day.
- The district commander's written support — without it, officers do not come.`,
    outcomes: `- 312 police officers, 14 court clerks and 96 chiefs and village heads trained in three years.
- Since the protocol was signed, girls found in bars in the two districts are no longer arrested; they are referred to social welfare.
- Cases opened under the Act rose from 3 in the year before the training to 21 in 2024, with 6 convictions so far.
- Chiefs referred 17 cases to the police instead of settling them.`,
    lessons: `- Officers are transferred often. Train whole stations and repeat every year, or the knowledge leaves with the transfers.
- A police prosecutor as co-trainer gave the training a credibility no NGO trainer had.
- Real, anonymised cases made the difference; abstract definitions were forgotten within weeks.
- The protocol matters more than the training: it tells the officer on duty at night what to do.`,
    adapt: ``,
  },
};

const MALAWI_CHILD_MARRIAGE: DemoPractice = {
  key: "malawi-child-marriage",
  author: "chisomo",
  publish: true,
  meta: {
    language: "en",
    themes: ["community-prevention", "children-families", "formal-education", "advocacy"],
    countries: ["MW"],
  },
  writeUp: {
    title: "Ending child marriage with chiefs and mothers' groups",
    summary:
      'In the villages most girls come from, child marriage and trafficking are linked: girls flee forced marriages to the trading centres, or are "married" to men who then exploit them. We work with chiefs, mothers\' groups and schools to stop child marriages, dissolve them where the girl wishes it, and bring girls back to school.',
    context: `Malawi's constitution and family law set eighteen as the minimum age of marriage, but in our districts many girls are married earlier, often soon after leaving school because fees could not be paid. Several of the girls our outreach teams met at truck stops had run away from a forced marriage, or had been sent to town by a "husband".

Preventing trafficking therefore had to start in the villages, with marriage and with school.`,
    approach: `1. **Work through traditional leadership.** Meetings with the senior chief, who issued by-laws against child marriage, with fines paid in goats.
2. **Train the mothers' groups** that already exist at schools to notice girls at risk — dropping out, talk of a betrothal — and to visit families.
3. **When a child marriage is reported**, a mothers' group member, the village head and our social worker meet both families. With the girl's agreement the marriage is dissolved and she returns home or to a relative.
4. **School re-entry**: we pay fees and uniform for the first year and agree a follow-up with the head teacher.
5. **Radio debates** on the community radio station, with chiefs, teachers and girls' voices — never identifiable.
6. **Girls' clubs at school** on rights, the law and where to get help.`,
    resources: `- Two social workers and a community mobiliser.
- School support of about MWK 85,000 per girl per year: fees, uniform, exercise books, sanitary pads.
- Small allowances and bicycles for 12 mothers' groups.
- Airtime on the community radio station for 12 programmes a year.`,
    outcomes: `- Three traditional authorities adopted by-laws against child marriage.
- 134 child marriages prevented or dissolved in three years; 118 of those girls returned to school.
- 96 of the 118 were still in school at the end of 2024.
- 12 mothers' groups are active and report on average four girls at risk each month.`,
    lessons: `- The chief's word opens doors the law alone does not — but by-laws must follow the national law, not replace it.
- Girls need something to go back to. Where school fees were not paid, dissolved marriages often resumed.
- Follow up with the husband's family too. Some threatened girls after the dissolution; we now involve the police from the start.
- Mothers' groups burn out if they only ever hear about problems. We celebrate the girls' exam results with them.`,
    adapt: `Where there are no mothers' groups, school management committees or women's church groups can play the same role.`,
  },
};

const SHARED_CURRICULUM: DemoPractice = {
  key: "shared-curriculum",
  author: "chisomo",
  publish: true,
  meta: {
    language: "en",
    themes: ["vocational-training", "income-generation", "job-placement", "non-formal-education"],
    countries: ["IN", "MW", "MN", "NP"],
  },
  writeUp: {
    title: "One vocational curriculum, four countries: cooking, beauty and hairdressing, computing, entrepreneurship",
    summary:
      "The four organisations of the exit programme (India, Malawi, Mongolia, Nepal) agreed a common core of vocational training for girls and young women leaving exploitation — cooking, baking and pastry, beauty and hairdressing, computing and entrepreneurship — each adapted to its own labour market. This write-up explains what we shared, what each country changed, and how we compared results.",
    context: `At the start of the programme each organisation trained survivors in its own way, with very different results and no way to compare them. Trainees often chose a trade because a course happened to be running, not because it led to work.

We agreed to offer the same five trades in all four countries, to use the same simple follow-up (at the end of training, then after six and twelve months) and to meet online every quarter to compare notes.`,
    approach: `1. **A common core** for every trainee, whatever the trade: literacy and numeracy where needed, money management, rights at work, and how to handle questions about what happened before.
2. **Five trades offered everywhere**: cooking, baking and pastry, beauty and hairdressing, computing (typing, office software, mobile payments) and entrepreneurship (a first business plan and bookkeeping).
3. **Local adaptation**: each organisation chose course length, language and partners. Kolkata linked cooking to its catering unit; Malawi added tailoring; Ulaanbaatar built internships with bakeries and salons; Nepal linked every course to a small loan.
4. **Choosing a trade**: each trainee visits two workplaces before choosing, with her social worker.
5. **Entrepreneurship for everyone** who plans to work for herself, before any loan or start-up kit.
6. **Shared follow-up**: the same four questions at six and twelve months — working or not, income, safety, and whether she is still in contact with her exploiters.`,
    resources: `- One training coordinator in each organisation; trainers hired locally for each trade.
- Start-up kits for graduates who set up on their own: hairdressing tools, an oven, a second-hand laptop.
- Quarterly online meetings with interpretation between English, Bengali, Chichewa, Mongolian and Nepali.
- A shared spreadsheet with anonymised follow-up figures — no names, only a code known to each organisation.`,
    outcomes: `- 402 girls and young women completed at least one course across the four countries in three years.
- Six months after training, 61 % were working or running a small business; after twelve months, 57 %.
- Beauty and hairdressing had the highest rate of self-employment, computing the highest rate of salaried jobs.
- Entrepreneurship graduates who received a loan repaid 88 % of it on time.`,
    lessons: `- Comparing figures across countries was humbling and useful: it showed that the link to a job or a loan matters more than the trade itself.
- Computing courses need devices to practise on after the course; second-hand laptops lent for six months doubled the number of graduates finding office jobs.
- Beauty and hairdressing suits women who need flexible hours around their children.
- Follow-up must ask about safety, not only income: a few graduates with good earnings were still being pressured by former exploiters.`,
    adapt: `You do not need four countries to use this: the common core, the workplace visits before choosing a trade and the six-month follow-up work for a single organisation too.`,
  },
};

const MALAWI_COMPUTING_DRAFT: DemoPractice = {
  key: "malawi-computing-draft",
  author: "tamanda",
  publish: false,
  meta: { language: "en", themes: ["vocational-training", "non-formal-education"], countries: ["MW"] },
  writeUp: {
    title: "Computer basics at the district youth centre",
    summary: "A three-month computer course for survivors, run in the district youth centre's computer room in the afternoons, when it is free.",
    context: `Many girls who return to school after exploitation are far behind, and few schools in our districts have computers. The youth centre has twelve computers that stand unused every afternoon.`,
    approach: `1. Agreement with the district youth office to use the room three afternoons a week.
2. A volunteer teacher from the secondary school, paid a small allowance.
3. Typing, word processing, spreadsheets and mobile money.
4. _Still to write: the certificate and the job links._`,
    resources: `- Room and computers lent by the youth office; we pay electricity and the teacher's allowance.`,
    outcomes: ``,
    lessons: ``,
    adapt: ``,
  },
};

// ---------------------------------------------------------------------------
// Ulaanbaatar, Mongolia
// ---------------------------------------------------------------------------

const MONGOLIA_SHELTER: DemoPractice = {
  key: "mongolia-shelter",
  author: "oyuna",
  publish: true,
  meta: { language: "en", themes: ["housing", "mental-health", "children-families", "justice"], countries: ["MN"] },
  writeUp: {
    title: "A licensed shelter for sexually exploited girls",
    summary:
      "We run a shelter in Ulaanbaatar for girls and young women who have been sexually exploited, and were the first organisation in Mongolia licensed by the state to work with sexually exploited children. The shelter offers safety, trauma-informed care, schooling and support through the justice process, for stays of three months to a year.",
    context: `Sexually exploited girls in Ulaanbaatar were usually identified by the police during checks of saunas, karaoke bars and hotels, then sent home or to a general children's centre with no specialised care. Many were back with the people exploiting them within weeks.

To accommodate children referred by the police or the courts, a shelter needs a licence from the child protection authority, and there was no licence category for this work. Without a licence we could offer day support only.`,
    approach: `1. **Get licensed.** Two years of work with the national child protection authority to define standards for a shelter for sexually exploited children: staffing, rooms, case management, complaints. We then met those standards and received the licence.
2. **Admission by referral** from the police, child protection officers or our own outreach, with a first meeting with a psychologist within 24 hours.
3. **An individual care plan** within two weeks, agreed with the girl: safety, health, school, family, legal case.
4. **Daily life that is ordinary on purpose**: cooking together, school or tutoring, chores, sport, art.
5. **Psychological care** twice a week, with trauma-focused methods adapted to age.
6. **Support through the justice process**: preparing for interviews, and a staff member present at every hearing.
7. **Leaving gradually**: work with the family, or a supervised semi-independent flat, with follow-up for a year.`,
    resources: `- A building with 12 beds in single and double rooms, a kitchen, a study room and a counselling room.
- Staff: eight carers working in shifts (all women), two psychologists, a social worker, a part-time lawyer and a manager.
- About MNT 28 million a month, most of it salaries.
- Agreements with a district school, a hospital, and the police unit that refers most girls.`,
    outcomes: `- 96 girls and young women sheltered in three years; the average stay was five months.
- 71 left to a planned destination: their family, relatives, or semi-independent living with follow-up.
- Twelve months after leaving, 78 % of those we could follow up were in school, training or work.
- 34 criminal cases supported; in 19 of them the accused were convicted.
- The authority now uses our licence standards for two other providers.`,
    lessons: `- Getting licensed took longer than anything else, but it changed how the police and courts see the girls: as children in need of protection, not as offenders.
- A meeting with a psychologist in the first 24 hours sharply reduced early departures.
- Older girls need independence; the semi-independent flat reduced running away among those over sixteen.
- Court hearings retraumatise. Ask early for closed hearings and a single recorded interview.`,
    adapt: `Work with your child protection authority on standards before you open, even where the law does not yet require a licence.`,
  },
};

const MONGOLIA_SHELTER_MN: DemoPractice = {
  key: "mongolia-shelter-mn",
  author: "nomin",
  translationOf: "mongolia-shelter",
  publish: true,
  note: "Монгол орчуулга.",
  meta: { language: "mn", themes: ["housing", "mental-health", "children-families", "justice"], countries: ["MN"] },
  writeUp: {
    title: "Бэлгийн мөлжлөгт өртсөн охидод зориулсан тусгай зөвшөөрөлтэй хамгаалах байр",
    summary:
      "Бид Улаанбаатар хотод бэлгийн мөлжлөгт өртсөн охид, залуу эмэгтэйчүүдэд зориулсан хамгаалах байр ажиллуулдаг бөгөөд бэлгийн мөлжлөгт өртсөн хүүхэдтэй ажиллах төрийн тусгай зөвшөөрөл авсан Монголын анхны байгууллага болсон. Хамгаалах байр нь аюулгүй орчин, сэтгэл гэмтлийг харгалзсан халамж, сургалт, шүүхийн үйл явцад дэмжлэгийг гурван сараас нэг жил хүртэлх хугацаанд үзүүлдэг.",
    context: `Улаанбаатарт бэлгийн мөлжлөгт өртсөн охидыг ихэвчлэн цагдаа саун, караоке баар, зочид буудалд шалгалт хийх үеэр илрүүлж, дараа нь гэрт нь эсвэл тусгай халамжгүй ерөнхий хүүхдийн төвд хүргэдэг байв. Тэдний олонх нь хэдхэн долоо хоногийн дотор өөрсдийг нь мөлжиж байсан хүмүүс рүү буцдаг байлаа.

Цагдаа эсвэл шүүхээс шилжүүлсэн хүүхдийг байрлуулахын тулд хамгаалах байр хүүхэд хамгааллын байгууллагаас тусгай зөвшөөрөл авах шаардлагатай боловч энэ төрлийн ажилд зориулсан зөвшөөрлийн ангилал байгаагүй. Зөвшөөрөлгүйгээр бид зөвхөн өдрийн дэмжлэг үзүүлж чаддаг байв.`,
    approach: `1. **Тусгай зөвшөөрөл авах.** Бэлгийн мөлжлөгт өртсөн хүүхдийн хамгаалах байрны стандартыг (ажилтны тоо, өрөө, кейс менежмент, гомдол шийдвэрлэх журам) тогтоохоор хүүхэд хамгааллын үндэсний байгууллагатай хоёр жил хамтран ажилласан. Дараа нь эдгээр стандартыг хангаж, зөвшөөрлөө авсан.
2. **Шилжүүлгээр хүлээн авах** — цагдаа, хүүхэд хамгааллын ажилтан эсвэл манай хээрийн ажлаас; 24 цагийн дотор сэтгэл зүйчтэй анхны уулзалт хийнэ.
3. **Хувь хүний халамжийн төлөвлөгөө** хоёр долоо хоногийн дотор охинтой тохиролцон гаргана: аюулгүй байдал, эрүүл мэнд, сургууль, гэр бүл, хэргийн явц.
4. **Санаатайгаар энгийн байлгасан өдөр тутмын амьдрал**: хамтдаа хоол хийх, сургууль эсвэл нэмэлт хичээл, гэрийн ажил, спорт, урлаг.
5. **Сэтгэл зүйн тусламж** долоо хоногт хоёр удаа, насанд нь тохирсон, сэтгэл гэмтэлд чиглэсэн аргаар.
6. **Шүүхийн үйл явцад дэмжих**: ярилцлагад бэлтгэх, шүүх хуралдаан бүрт ажилтан дагалдан оролцох.
7. **Аажмаар гарах**: гэр бүлтэй нь ажиллах эсвэл хяналттай, хагас бие даасан орон сууцанд шилжүүлэх, нэг жилийн турш дагалдан дэмжих.`,
    resources: `- Нэг ба хоёр хүний өрөөнд нийт 12 ортой барилга, гал тогоо, хичээлийн өрөө, зөвлөгөөний өрөө.
- Ажилтнууд: ээлжээр ажилладаг найман асран хамгаалагч (бүгд эмэгтэй), хоёр сэтгэл зүйч, нийгмийн ажилтан, цагийн хуульч, менежер.
- Сард ойролцоогоор 28 сая төгрөг, ихэнх нь цалин.
- Дүүргийн сургууль, эмнэлэг, мөн ихэнх охидыг шилжүүлдэг цагдаагийн нэгжтэй байгуулсан гэрээ.`,
    outcomes: `- Гурван жилд 96 охин, залуу эмэгтэй хамгаалах байранд амьдарсан; дундаж хугацаа таван сар.
- 71 нь төлөвлөсөн газар руу гарсан: гэр бүл, хамаатан садан, эсвэл дагалдан дэмжлэгтэй хагас бие даасан амьдрал.
- Гарснаас хойш арван хоёр сарын дараа бидний холбоо барьж чадсан хүмүүсийн 78 % нь сургууль, сургалт эсвэл ажилд байсан.
- 34 эрүүгийн хэрэгт дэмжлэг үзүүлсэн; үүнээс 19 хэрэгт яллагдагчийн гэм буруу тогтоогдсон.
- Эрх бүхий байгууллага манай стандартыг өөр хоёр үйлчилгээ үзүүлэгчид ашиглаж байна.`,
    lessons: `- Тусгай зөвшөөрөл авах нь хамгийн удаан үргэлжилсэн ч үүний дараа цагдаа, шүүх охидыг гэмт этгээд биш, хамгаалал хэрэгтэй хүүхэд гэж харах болсон.
- Эхний 24 цагт сэтгэл зүйчтэй уулзах нь эрт орхин явахыг эрс багасгасан.
- Том охидод бие даасан байдал хэрэгтэй; хагас бие даасан орон сууц арван зургаагаас дээш настай охидын оргон зайлалтыг багасгасан.
- Шүүх хуралдаан сэтгэл гэмтлийг сэдрээдэг. Хаалттай хуралдаан, бичлэгтэй ганц ярилцлагыг эрт хүсэх хэрэгтэй.`,
    adapt: `Хууль одоогоор тусгай зөвшөөрөл шаардаагүй байсан ч байраа нээхээс өмнө хүүхэд хамгааллын байгууллагатайгаа стандартын талаар хамтран ажиллаарай.`,
  },
};

const MONGOLIA_BAKING: DemoPractice = {
  key: "mongolia-baking",
  author: "nomin",
  publish: true,
  meta: { language: "en", themes: ["vocational-training", "job-placement"], countries: ["MN", "IN", "MW", "NP"] },
  writeUp: {
    title: "Baking and pastry training that leads to jobs",
    summary:
      "All four exit programmes (India, Malawi, Mongolia, Nepal) ran baking and pastry training for girls and young women leaving exploitation. This write-up describes the Ulaanbaatar course — twelve weeks in a real bakery kitchen followed by an internship in a partner bakery — and what the four programmes learned by comparing their results.",
    context: `Young women leaving our shelter needed work that did not require long schooling, offered regular daytime hours and could grow into a career. Bakeries and cafés in Ulaanbaatar were hiring and struggled to keep staff.

The other three programmes saw similar conditions: bread and cakes sell everywhere, the equipment is affordable, and employers recognise the skills. So we agreed to compare our baking courses across the four countries.`,
    approach: `1. **Twelve weeks, five mornings a week**, in a rented training kitchen: bread, pastry, cakes, hygiene and costing.
2. **Groups of eight at most**, with a professional baker as trainer and our social worker present.
3. **Real orders from week six**: the trainees bake for our shelter and for two offices, and share in the sales.
4. **Four weeks of internship** in one of six partner bakeries. Each employer is briefed on supportive, trauma-informed supervision without being told anyone's story.
5. **Job placement support**: a CV, interview practice, opening a bank account, and a follow-up visit during the first three months at work.
6. **A recognised certificate** from the state vocational training centre, so that the course counts with employers.`,
    resources: `- Rent of a training kitchen, two ovens, a mixer and baking tools.
- A baker-trainer and a social worker, both part time.
- Ingredients: about MNT 2.4 million per course, partly covered by sales.
- Partner bakeries, found through the chamber of commerce.`,
    outcomes: `- Ulaanbaatar: five courses, 36 trainees, 31 completed, 22 employed six months later.
- Across the four programmes: 148 girls and young women completed baking and pastry training, and about 60 % were working or self-employed six months later.
- In Kolkata most graduates joined the mobile catering unit; in Malawi and Nepal most started a home business with a small loan.`,
    lessons: `- The internship in a real bakery mattered more than the length of the course.
- Bakeries start early in the morning, which clashes with childcare. Agree the shifts before placing a mother.
- Employers value reliability over skill; a visit in the first month of work prevented most early drop-outs.
- Comparing countries showed a pattern: where a loan followed training (Malawi, Nepal), self-employment worked; where employers were hiring (Ulaanbaatar), jobs worked better.`,
    adapt: `If you cannot rent a kitchen, ask a bakery to host the training in its quiet afternoon hours; several of our partners began that way.`,
  },
};

const MONGOLIA_SALON_DRAFT: DemoPractice = {
  key: "mongolia-salon-draft",
  author: "nomin",
  publish: false,
  meta: { language: "en", themes: ["vocational-training", "job-placement"], countries: ["MN"] },
  writeUp: {
    title: "Hairdressing apprenticeships in partner salons",
    summary: "Instead of a classroom course, young women from our shelter learn hairdressing as apprentices in three partner salons, with a stipend paid by us for the first four months.",
    context: `Our classroom beauty course had good completion rates but few jobs followed: salons want to see someone work before they hire her.`,
    approach: `1. Three salon owners agreed to take one apprentice each.
2. We pay the stipend for four months; the salon pays from month five if it keeps her.
3. _To add: how we chose the salons, and what the owners are told._`,
    resources: ``,
    outcomes: ``,
    lessons: ``,
    adapt: ``,
  },
};

// ---------------------------------------------------------------------------
// Nepal
// ---------------------------------------------------------------------------

const NEPAL_BORDER: DemoPractice = {
  key: "nepal-border",
  author: "sabina",
  publish: true,
  meta: { language: "en", themes: ["outreach", "community-prevention", "justice", "peer-support"], countries: ["NP", "IN"] },
  writeUp: {
    title: "Interception points at the open border",
    summary:
      "At four crossing points on the open border between Nepal and India, our teams — most of them survivors of trafficking — watch for girls and young women being moved for exploitation, talk with them discreetly and, together with the police, stop those at risk. Anyone intercepted is offered a night in our transit home, counselling, and a safe way home or onward.",
    context: `The border between Nepal and India is open: no passport is needed, and thousands of people cross every day on foot, by bus and by rickshaw. Traffickers use it to move girls and young women to brothels in Indian cities, usually with promises of a job or a marriage. Border police are few and cannot question everyone.

Survivors who had been trafficked along these routes knew the signs: a girl travelling with a man who holds her papers, new clothes, no idea of the destination, answers that sound rehearsed.`,
    approach: `1. **A small booth at each crossing**, next to the border police post, staffed from 6 am to 7 pm by two or three monitors, most of them survivors.
2. **Monitors watch buses and pedestrians** and approach discreetly when they see signs of risk. The conversation happens in the booth, never on the road.
3. **If the answers suggest trafficking**, the monitors inform the border police, who question the accompanying adults.
4. **The girl or young woman is offered a night in the transit home nearby.** It is her choice; nobody is held against her will.
5. **The next day**: counselling, contact with her family if she agrees, and a decision — go home, continue her journey with information on risks and a helpline card, or join the rehabilitation programme.
6. **Cases with evidence are reported** under the Human Trafficking and Transportation (Control) Act, and our lawyer supports the complaint.
7. **Monitors meet every month** to review cases and to look after each other.`,
    resources: `- Four booths, 12 monitors, two supervisors, and a lawyer shared with the transit homes.
- About NPR 2,40,000 a month for all four points.
- Ten days of initial training for monitors: signs of trafficking, interviewing, rights and self-care.
- Written agreements with the district police and the Armed Police Force border posts.`,
    outcomes: `- Over three years, monitors talked with about 5,600 girls and young women identified as at risk.
- 812 were intercepted and stayed in the transit home; 640 returned to their families and 117 joined the rehabilitation programme.
- 46 complaints were filed and 19 cases reached court.
- Four monitors have become supervisors.`,
    lessons: `- Survivors see what others miss, but they must be paid staff with supervision, not volunteers.
- Interception can feel like control; the line is consent. Young women travelling to look for work also have the right to travel, so we explain the risks and give them a helpline card.
- Police cooperation depends on the post commander. A new commander must be briefed the week he or she arrives.
- Some intercepted girls try again through another crossing. Work with families in the home village matters as much as the booth.`,
    adapt: `Start with one crossing and a clear agreement with the police post there. Where a border is not open, the same approach works at bus parks and airports.`,
  },
};

const NEPAL_BORDER_NE: DemoPractice = {
  key: "nepal-border-ne",
  author: "pramila",
  translationOf: "nepal-border",
  publish: true,
  note: "नेपाली अनुवाद।",
  meta: { language: "ne", themes: ["outreach", "community-prevention", "justice", "peer-support"], countries: ["NP", "IN"] },
  writeUp: {
    title: "खुला सिमानामा निगरानी तथा रोकथाम बिन्दुहरू",
    summary:
      "नेपाल–भारतको खुला सिमानाका चार नाकामा हाम्रा टोलीहरू — जसमा धेरैजसो मानव बेचबिखनबाट बचेका महिला छन् — शोषणका लागि लगिँदै गरेका किशोरी तथा युवतीहरूलाई चिन्छन्, उनीहरूसँग गोप्य रूपमा कुरा गर्छन्, र प्रहरीसँग मिलेर जोखिममा परेकाहरूलाई रोक्छन्। रोकिएकाहरूलाई हाम्रो ट्रान्जिट गृहमा एक रात बस्ने, परामर्श, र सुरक्षित रूपमा घर फर्कने वा यात्रा जारी राख्ने विकल्प दिइन्छ।",
    context: `नेपाल र भारतबीचको सिमाना खुला छ: राहदानी चाहिँदैन, र हरेक दिन हजारौं मानिस पैदल, बस र रिक्सामा वारपार गर्छन्। बेचबिखनकर्ताहरूले प्रायः जागिर वा विवाहको प्रलोभन देखाएर किशोरी र युवतीहरूलाई भारतका सहरका वेश्यालयसम्म पुर्‍याउन यही बाटो प्रयोग गर्छन्। सीमा प्रहरी थोरै छन् र सबैलाई सोधपुछ गर्न सक्दैनन्।

यिनै बाटाबाट बेचिएका र फर्किएका महिलाहरूलाई संकेतहरू थाहा थियो: कागजपत्र साथमा रहेको पुरुषको हातमा हुनु, नयाँ लुगा, गन्तव्य थाहा नहुनु, र रटाइएजस्ता जवाफहरू।`,
    approach: `1. **हरेक नाकामा एउटा सानो कक्ष**, सीमा प्रहरी चौकीको छेउमा, बिहान ६ बजेदेखि बेलुका ७ बजेसम्म दुई वा तीन जना निगरानीकर्ता, जसमध्ये धेरैजसो बचेका महिला।
2. **निगरानीकर्ताले बस र पैदल यात्रुहरूलाई नियाल्छन्** र जोखिमका संकेत देखे गोप्य रूपमा नजिक जान्छन्। कुराकानी बाटोमा होइन, कक्षभित्र मात्र हुन्छ।
3. **जवाफबाट बेचबिखनको आशंका भए** निगरानीकर्ताले सीमा प्रहरीलाई खबर गर्छन्, र प्रहरीले साथमा रहेका वयस्कहरूलाई सोधपुछ गर्छ।
4. **किशोरी वा युवतीलाई त्यो रात नजिकैको ट्रान्जिट गृहमा बस्न प्रस्ताव गरिन्छ।** यो उनको आफ्नै निर्णय हो; कसैलाई पनि उनको इच्छाविरुद्ध राखिँदैन।
5. **भोलिपल्ट**: परामर्श, उनको सहमतिमा परिवारसँग सम्पर्क, र निर्णय — घर फर्कने, जोखिमबारे जानकारी र हेल्पलाइन कार्डसहित यात्रा जारी राख्ने, वा पुनःस्थापना कार्यक्रममा सामेल हुने।
6. **प्रमाण भएका घटनामा** मानव बेचबिखन तथा ओसारपसार (नियन्त्रण) ऐन अनुसार उजुरी दिइन्छ, र हाम्रा वकिलले उजुरीमा सहयोग गर्छन्।
7. **निगरानीकर्ताहरू हरेक महिना भेला हुन्छन्**, घटनाहरूको समीक्षा गर्छन् र एकअर्काको हेरचाह गर्छन्।`,
    resources: `- चार कक्ष, १२ निगरानीकर्ता, दुई सुपरिवेक्षक, र ट्रान्जिट गृहहरूसँग साझा एक वकिल।
- चारै बिन्दुका लागि मासिक करिब रु. २,४०,०००।
- निगरानीकर्ताका लागि दस दिनको सुरुवाती तालिम: बेचबिखनका संकेत, अन्तर्वार्ता, अधिकार, र आत्म-हेरचाह।
- जिल्ला प्रहरी र सशस्त्र प्रहरी बलका सीमा चौकीहरूसँग लिखित सम्झौता।`,
    outcomes: `- तीन वर्षमा निगरानीकर्ताहरूले जोखिममा देखिएका करिब ५,६०० किशोरी तथा युवतीहरूसँग कुरा गरे।
- ८१२ जनालाई रोकियो र उनीहरू ट्रान्जिट गृहमा बसे; ६४० जना परिवारमा फर्किए र ११७ जना पुनःस्थापना कार्यक्रममा सामेल भए।
- ४६ उजुरी दर्ता भए र १९ मुद्दा अदालतसम्म पुगे।
- चार जना निगरानीकर्ता सुपरिवेक्षक बनेका छन्।`,
    lessons: `- बचेका महिलाहरूले अरूले नदेख्ने कुरा देख्छन्, तर उनीहरू स्वयंसेवक होइन, सुपरिवेक्षणसहितका तलबी कर्मचारी हुनुपर्छ।
- रोकथाम नियन्त्रणजस्तो लाग्न सक्छ; यसको सीमारेखा सहमति हो। काम खोज्न जाने युवतीहरूलाई पनि यात्रा गर्ने अधिकार छ, त्यसैले हामी जोखिम बुझाउँछौं र हेल्पलाइन कार्ड दिन्छौं।
- प्रहरीको सहयोग चौकी प्रमुखमा भर पर्छ। नयाँ प्रमुख आएकै हप्ता उहाँलाई जानकारी दिनुपर्छ।
- रोकिएका केही किशोरीहरू अर्को नाकाबाट फेरि प्रयास गर्छन्। गाउँमा परिवारसँगको काम नाकाको कक्ष जत्तिकै महत्त्वपूर्ण छ।`,
    adapt: `एउटा नाका र त्यहाँको प्रहरी चौकीसँगको स्पष्ट सम्झौताबाट सुरु गर्नुहोस्। सिमाना खुला नभएका ठाउँमा पनि यही तरिका बसपार्क र विमानस्थलमा काम गर्छ।`,
  },
};

const NEPAL_HOMES: DemoPractice = {
  key: "nepal-homes",
  author: "pramila",
  publish: true,
  meta: { language: "en", themes: ["housing", "mental-health", "health", "basic-needs"], countries: ["NP"] },
  writeUp: {
    title: "From transit home to rehabilitation home",
    summary:
      "Girls and young women intercepted at the border or returned from India spend their first days in one of our two transit homes near the border. Those who choose to can then move to our rehabilitation home in the Kathmandu valley for up to a year of care, education and vocational training. This write-up describes how the two kinds of home work together.",
    context: `A girl intercepted at the border at dusk needs a bed, a meal and someone she can trust that same evening. A young woman returned from years in a brothel in India needs much more: health care, counselling, often legal documents, and a way to earn a living. One home could not do both well.

Families are sometimes part of the problem: some girls were sold by a relative, and others face rejection at home because of what happened to them.`,
    approach: `1. **Transit homes, open day and night, near two border crossings.** Up to ten beds each, a stay of a few days to two weeks.
2. **On arrival**: a meal, a bath, clean clothes, rest. No interview on the first evening unless the girl wants to talk.
3. **Within three days**: a health check, a first counselling session, and a family assessment by a social worker, including a home visit where safe.
4. **A choice, not a placement**: return home with follow-up, go to a relative, or move to the rehabilitation home.
5. **At the rehabilitation home**: individual and group counselling, literacy or school, life skills, then vocational training in a trade she chooses.
6. **Legal support**: citizenship papers for those who have none, and accompaniment if she decides to file a complaint.
7. **Leaving**: a plan for housing and income agreed a month before, and follow-up visits for a year.`,
    resources: `- Two transit homes, with ten beds each, and a rehabilitation home with 24 beds.
- Staff: house mothers on shifts, two counsellors, a nurse, social workers, a teacher and a shared lawyer.
- About NPR 9,50,000 a month for the three homes, salaries and food included.
- Partnerships with a district hospital, a government school and vocational trainers.`,
    outcomes: `- 812 girls and young women stayed in the transit homes over three years; the median stay was four days.
- 141 entered the rehabilitation home, and 119 completed their programme.
- Of those who completed, 96 were earning an income or in education twelve months after leaving.
- 63 obtained citizenship papers with our help.
- Reported family rejection fell after we began home visits before a girl returns.`,
    lessons: `- Separate the two functions. Mixing girls on their first night with young women in their ninth month did not help either group.
- Getting citizenship papers takes months; start on the first week, because without them there is no bank account, no loan and no formal job.
- House mothers who are survivors themselves keep the homes calm; they need training in trauma and regular rest.
- A year is not enough for everyone. We now allow extensions case by case.`,
    adapt: `If a transit home is out of reach, an agreement with a women's hostel near the border for emergency nights can fill the gap while you raise funds.`,
  },
};

const NEPAL_LOANS: DemoPractice = {
  key: "nepal-loans",
  author: "sabina",
  publish: true,
  meta: {
    language: "en",
    themes: ["vocational-training", "income-generation", "job-placement"],
    countries: ["NP"],
  },
  writeUp: {
    title: "Vocational training and small loans for starting out",
    summary:
      "Survivors in our rehabilitation programme choose one of eight trades — sewing, security guard, beautician, carpentry, bookkeeping, cooking, baking or computing — and, when they finish, can either take a job we help them find or receive a small interest-free loan and a start-up kit to open their own business. A business mentor visits every month for the first year.",
    context: `Most of the young women in our programme left school early, and many come from villages where the only paid work for women is farm labour. Returning to that without an income is the situation traffickers exploit.

Training alone left graduates with skills and no capital. Ordinary microfinance would not lend to them: no collateral, no citizenship papers, no credit history.`,
    approach: `1. **Choose a trade with eyes open**: visits to two workplaces, and an honest talk about pay and working conditions in each trade.
2. **Train for three to six months** with accredited trainers, according to the trade. Security-guard training is run with a licensed security company that hires graduates.
3. **Business basics for everyone**: costing, keeping accounts, saving, dealing with customers.
4. **A choice at the end**: a job through our employer network, or a business plan reviewed by a small loan committee that includes a survivor.
5. **Loans of NPR 30,000 to NPR 80,000**, interest-free, repaid monthly after a three-month grace period, with a start-up kit — a sewing machine, beauty tools, carpentry tools.
6. **A business mentor visits every month** for the first year; repayments go into a revolving fund for the next graduates.`,
    resources: `- A vocational coordinator, a business mentor and accredited trainers paid per course.
- A revolving loan fund that started with NPR 30 lakh.
- Start-up kits of about NPR 15,000 to 40,000 each, depending on the trade.
- An employer network: two security companies, three hotels, garment units and beauty parlours.`,
    outcomes: `- 168 young women completed vocational training in three years.
- 74 took jobs — most often as security guards, hotel cooks and garment workers — and 61 started their own business with a loan.
- Beauty parlours and tailoring shops were the most common businesses; two graduates opened a small bakery together.
- Twelve months after training, 79 % of graduates reported a regular income.`,
    lessons: `- The trade matters less than the link to income. Courses without an employer or a loan at the end produced certificates, not livelihoods.
- Security-guard jobs come fast but involve night shifts; discuss safety and childcare before placing anyone.
- Bookkeeping and computing open office jobs, but only for those who finished secondary school; others need literacy first.
- A survivor on the loan committee made decisions better grounded — and graduates trusted them more.`,
    adapt: `A revolving fund can start small: ten loans, repaid, become the next ten. Keep the amounts modest and the mentoring frequent.`,
  },
  revision: {
    editor: "pramila",
    note: "Added the repayment figures for the first two years of the loan fund.",
    append: {
      outcomes: `- Loans repaid on time: 86 % of instalments; 7 of 61 borrowers needed a rescheduled plan, and 2 loans were written off.
- The revolving fund has already re-lent repayments to 19 new graduates.`,
      lessons: `- Reschedule early, without penalty: a missed instalment is usually a sign of a crisis at home, not of bad faith.`,
    },
  },
};

// ---------------------------------------------------------------------------
// Other network organisations: France, Kenya, Spain
// ---------------------------------------------------------------------------

const FRANCE_PATHWAY: DemoPractice = {
  key: "france-pathway",
  author: "karim",
  publish: true,
  meta: { language: "fr", themes: ["housing", "justice", "job-placement", "basic-needs"], countries: ["FR"] },
  writeUp: {
    title: "Parcours de sortie : un accompagnement global vers le logement, les droits et l'emploi",
    summary:
      "Depuis la loi de 2016, les personnes en situation de prostitution peuvent demander un parcours de sortie, validé par une commission départementale, qui ouvre une aide financière, un accès facilité au logement et, pour les personnes étrangères, une autorisation provisoire de séjour. Nous accompagnons chaque personne de la première demande jusqu'à l'emploi, avec une seule référente du début à la fin.",
    context: `La plupart des femmes que nous rencontrons lors de nos permanences sont étrangères, victimes de réseaux de traite, souvent endettées, sans logement stable ni droit au séjour. La loi leur ouvre un parcours de sortie, mais le dossier est long, l'aide financière est faible (environ 350 euros par mois), et chaque démarche dépend d'une administration différente : préfecture, caisse d'allocations familiales, bailleurs, service public de l'emploi.

Sans accompagnement, beaucoup abandonnaient avant la commission, ou se retrouvaient au bout de six mois avec une autorisation de séjour, mais sans logement ni travail.`,
    approach: `1. **Premier contact et confiance.** Permanences d'accueil deux après-midi par semaine et maraudes en soirée ; aucune condition pour être accompagnée.
2. **Une référente unique.** Chaque personne qui souhaite sortir de la prostitution a une travailleuse sociale référente, qui la suit jusqu'à l'emploi.
3. **Préparer ensemble le dossier de parcours de sortie** : projet d'insertion, récit de la situation (jamais transmis au-delà de la commission), justificatifs.
4. **Ouvrir les droits dès la validation** : aide financière, autorisation provisoire de séjour, couverture santé, compte bancaire.
5. **Le logement en deux temps** : une place d'hébergement d'urgence réservée grâce à une convention, puis un logement temporaire en bail glissant chez un bailleur social partenaire.
6. **Le français, puis l'emploi** : cours de français langue étrangère, puis formation qualifiante ou chantier d'insertion (restauration, nettoyage, aide à domicile).
7. **Un suivi d'au moins un an** après la fin du parcours.`,
    resources: `- Trois travailleuses sociales à temps plein, une juriste à mi-temps, une interprète à la demande.
- Une convention avec deux bailleurs sociaux pour huit logements en bail glissant.
- Un budget annuel d'environ 210 000 euros, financé par l'État, la métropole et des fondations.
- Des partenariats avec un centre de santé, un organisme de formation linguistique et trois structures d'insertion par l'activité économique.`,
    outcomes: `- 118 personnes accompagnées en trois ans, dont 64 ont déposé une demande de parcours de sortie.
- 57 parcours validés par la commission départementale ; 7 refusés ou ajournés.
- 41 personnes relogées dans un logement temporaire, dont 23 sont ensuite devenues locataires en titre.
- 36 personnes en emploi ou en formation qualifiante à la fin de leur parcours.
- Aucune personne accompagnée n'a perdu son logement pendant le parcours.`,
    lessons: `- La référente unique est la clé : les personnes n'ont pas à raconter leur histoire à chaque guichet.
- L'aide financière ne suffit pas pour vivre ; sans hébergement garanti, le parcours échoue.
- Six mois renouvelables, c'est court pour apprendre le français et trouver un emploi : il faut préparer le renouvellement dès le troisième mois.
- Les dettes envers les réseaux ne s'arrêtent pas avec la sortie. Nous travaillons la sécurité avec la police et, si la personne le souhaite, le dépôt de plainte.`,
    adapt: `Hors de France, l'équivalent du parcours de sortie n'existe pas toujours ; la référente unique et le logement garanti restent transposables partout.`,
  },
};

const FRANCE_PATHWAY_EN: DemoPractice = {
  key: "france-pathway-en",
  author: "claire",
  translationOf: "france-pathway",
  publish: true,
  note: "English translation for the network.",
  meta: { language: "en", themes: ["housing", "justice", "job-placement", "basic-needs"], countries: ["FR"] },
  writeUp: {
    title: "The exit pathway: one caseworker from first request to housing, rights and a job",
    summary:
      "Since the 2016 law, persons in prostitution in France can apply for an exit pathway, approved by a departmental committee, which opens financial support, priority access to housing and, for foreign nationals, a temporary residence permit. We support each person from the first application to employment, with one caseworker from start to finish.",
    context: `Most of the women we meet at our drop-in sessions are foreign nationals, victims of trafficking networks, often in debt, without stable housing or the right to stay. The law offers them an exit pathway, but the application is long, the financial support is low (about 350 euros a month), and every step depends on a different administration: the prefecture, the family benefits office, landlords, the public employment service.

Without support, many gave up before the committee met, or found themselves six months later with a residence permit but no home and no job.`,
    approach: `1. **First contact and trust.** Drop-in sessions two afternoons a week and evening outreach; no conditions attached to support.
2. **One caseworker.** Everyone who wants to exit prostitution has one social worker who follows her all the way to a job.
3. **Prepare the exit pathway application together**: an integration plan, an account of the situation (never shared beyond the committee), supporting documents.
4. **Open rights as soon as the pathway is approved**: financial support, temporary residence permit, health cover, a bank account.
5. **Housing in two steps**: an emergency place reserved through an agreement, then temporary housing with a sliding lease from a social landlord we work with.
6. **French first, then work**: French as a foreign language, then a qualifying course or a supported-employment placement (catering, cleaning, home care).
7. **Follow-up for at least a year** after the pathway ends.`,
    resources: `- Three full-time social workers, a half-time lawyer and an interpreter on call.
- An agreement with two social landlords for eight homes on sliding leases.
- An annual budget of about 210,000 euros from the state, the metropolitan authority and foundations.
- Partnerships with a health centre, a French-language training provider and three supported-employment enterprises.`,
    outcomes: `- 118 people supported over three years, of whom 64 applied for an exit pathway.
- 57 pathways approved by the departmental committee; 7 refused or postponed.
- 41 people moved into temporary housing, and 23 of them later signed their own lease.
- 36 people were in work or in qualifying training at the end of their pathway.
- Nobody we supported lost their home during the pathway.`,
    lessons: `- One caseworker is the key: people do not have to tell their story again at every office.
- The financial support is not enough to live on; without guaranteed housing, the pathway fails.
- Six months, renewable, is short for learning French and finding a job: prepare the renewal from the third month.
- Debts to the networks do not stop with exit. We work on safety with the police and, if the person wishes, on filing a complaint.`,
    adapt: `Outside France there is not always an equivalent of the exit pathway, but one caseworker and guaranteed housing can be transposed anywhere.`,
  },
};

const KENYA_CIRCLES: DemoPractice = {
  key: "kenya-circles",
  author: "achieng",
  publish: true,
  meta: { language: "en", themes: ["peer-support", "mental-health", "health", "outreach"], countries: ["KE"] },
  writeUp: {
    title: "Survivor-led peer support circles",
    summary:
      "Small weekly circles where women who want to leave prostitution meet women who already have, led by trained survivor facilitators. The circles offer what services often cannot: being understood without having to explain. From the circle, women are accompanied to health, legal and training services when they are ready.",
    context: `On the coast, many women in prostitution have tried services before — a clinic, a training course, a church programme — and left because they felt judged or pushed. Several of us who founded the collective had the same experience.

What helped us exit was other women who had been there: someone who knew the debts, the fear of the pimp or the landlord, the shame with family, and who did not ask for a decision on the first day.`,
    approach: `1. **Train facilitators.** Survivors who have been out for at least two years follow a ten-day course on group facilitation, trauma, boundaries and referral, then co-facilitate for three months.
2. **Keep circles small and regular**: eight to twelve women, same day, same place, every week, in a room away from the areas where they are exploited.
3. **Agree the rules together** in the first session: confidentiality, no pressure to speak, no judgement of anyone's choices.
4. **A simple structure**: arrival and tea, a round of news, a theme (health, money, children, family, the law, what exit looks like), a closing round.
5. **Accompaniment, not referral slips**: when a woman is ready, a facilitator goes with her to the clinic, the legal aid office or the training centre.
6. **Support for facilitators**: monthly supervision with a counsellor, paid time off, and the right to step back.`,
    resources: `- A meeting room lent by a women's church group, tea and transport money for participants.
- Eight survivor facilitators paid a part-time wage, and one counsellor for supervision.
- About KES 180,000 a month for four circles.
- Partnerships with a public health clinic, a legal aid clinic and a vocational training centre.`,
    outcomes: `- Four circles running; 137 women took part over three years, 88 of them for six months or more.
- 71 were accompanied to health services, 34 to legal aid and 46 to vocational training.
- 52 women told us they had left prostitution; 11 of them have since trained as facilitators.
- Participants' scores on a short well-being questionnaire improved on average after six months.`,
    lessons: `- Do not rush survivors into leading. Two years out and a period of co-facilitation protected both facilitators and groups.
- Paying facilitators properly is part of the method: unpaid "peer work" repeats the exploitation we fight.
- Transport money is not a detail. Without it, the poorest women stopped coming.
- Keep the circle open to women who are not ready to exit. Those are the ones who need it most.`,
    adapt: `Any organisation can start a circle if survivors lead it. If you have no survivor staff yet, partner with a survivor-led group rather than running a circle without one.`,
  },
};

const SPAIN_EMPLOYERS_DRAFT: DemoPractice = {
  key: "spain-employers-draft",
  author: "marta",
  publish: false,
  meta: { language: "en", themes: ["job-placement", "advocacy"], countries: ["ES"] },
  writeUp: {
    title: "Building an employer network for survivors",
    summary: "How we persuaded twenty companies in Andalusia to offer jobs to women exiting prostitution and trafficking, and what we ask of them in return.",
    context: `Women we support often have training but no work experience they can name on a CV, and some have no work permit yet. Employers' first question is usually about the gap in the CV.`,
    approach: `1. Start with companies that already have a social responsibility plan.
2. Offer a contact person at the foundation for any difficulty in the first months.
3. _To write: the agreement we sign with each company and how we handle the CV gap._`,
    resources: ``,
    outcomes: `_First figures due at the end of the year._`,
    lessons: ``,
    adapt: ``,
  },
};

// ---------------------------------------------------------------------------
// In creation order: a translation comes after its original.
// ---------------------------------------------------------------------------

export const DEMO_PRACTICES: DemoPractice[] = [
  KOLKATA_CATERING,
  MALAWI_TRUCK_STOPS,
  MONGOLIA_SHELTER,
  NEPAL_BORDER,
  KOLKATA_CRECHE,
  MALAWI_POLICE,
  NEPAL_HOMES,
  MONGOLIA_BAKING,
  FRANCE_PATHWAY,
  KOLKATA_WORKSHOPS,
  MALAWI_CHILD_MARRIAGE,
  NEPAL_LOANS,
  KENYA_CIRCLES,
  KOLKATA_CENTRES,
  SHARED_CURRICULUM,
  KOLKATA_CATERING_BN,
  MALAWI_TRUCK_STOPS_FR,
  MONGOLIA_SHELTER_MN,
  NEPAL_BORDER_NE,
  FRANCE_PATHWAY_EN,
  MALAWI_COMPUTING_DRAFT,
  MONGOLIA_SALON_DRAFT,
  SPAIN_EMPLOYERS_DRAFT,
];

// ---------------------------------------------------------------------------
// Discussion and endorsements, written after every practice exists.
// ---------------------------------------------------------------------------

export interface DemoComment {
  /** Local key, used by replies to name the comment they answer. */
  key: string;
  /** Key of a published practice. */
  practice: string;
  author: MemberKey;
  /** Key of an earlier top-level comment on the same practice (one level of replies only). */
  replyTo?: string;
  /** The language the comment is written in. */
  language: LanguageCode;
  /** Markdown; `@` + a member's exact display name mentions them. */
  bodyMd: string;
}

export interface DemoEndorsement {
  /** Key of a published practice, never one the member wrote. */
  practice: string;
  member: MemberKey;
  /** Optional, at most 500 characters ("we do this in Kathmandu too, and…"). */
  note: string;
}

/** In the order they are posted: a reply comes after the comment it answers. */
export const DEMO_COMMENTS: DemoComment[] = [
  // Mobile catering (Kolkata)
  {
    key: "catering-first-clients",
    practice: "kolkata-catering",
    author: "sabina",
    language: "en",
    bodyMd:
      "How did you find the first office clients? Our cooking graduates in Pokhara cook very well, but nobody orders from a kitchen they do not know. Did you offer tasting lunches, or go through organisations you already worked with?",
  },
  {
    key: "catering-first-clients-reply",
    practice: "kolkata-catering",
    author: "mitali",
    replyTo: "catering-first-clients",
    language: "en",
    bodyMd:
      "@Sabina both. The first three clients were a school, a bank branch and an NGO office we already knew. Each got a free tasting lunch, then a month of orders at a small discount; word of mouth did the rest.\n\nThe hard part was invoices: offices pay late, so we now keep one month of wages in reserve and the cooks are always paid on time.",
  },
  {
    key: "catering-wages",
    practice: "kolkata-catering",
    author: "lucia",
    language: "en",
    bodyMd:
      "A strong candidate for the handbook chapter on income-generating activities. @Mitali, could you add how the weekly wage compares with the local minimum wage? Readers in other countries will want to know whether the unit can really replace the income from prostitution.",
  },
  {
    key: "catering-wages-reply",
    practice: "kolkata-catering",
    author: "sharmin",
    replyTo: "catering-wages",
    language: "en",
    bodyMd:
      "We will add it in the next revision. In short: the weekly wage is above the state minimum for unskilled work, and the cooks who lead a team earn a little more. It is still less than some women were told they would earn in the lanes, which is why the regular payday matters so much.",
  },
  {
    key: "catering-bn-thanks",
    practice: "kolkata-catering-bn",
    author: "mitali",
    language: "bn",
    bodyMd: "অনুবাদের জন্য ধন্যবাদ, @Sharmin। মায়েদের সভায় আর নতুন রাঁধুনিদের প্রশিক্ষণে এখন থেকে আমরা এই বাংলা সংস্করণটাই ব্যবহার করব।",
  },

  // Night crèche (Kolkata)
  {
    key: "creche-night-staff",
    practice: "kolkata-creche",
    author: "achieng",
    language: "en",
    bodyMd:
      "Mothers in our circles on the coast ask for exactly this, again and again. How did you recruit the night carers? We worry about finding women who are trustworthy and can also stay awake and calm all night.",
  },
  {
    key: "creche-night-staff-reply",
    practice: "kolkata-creche",
    author: "mitali",
    replyTo: "creche-night-staff",
    language: "en",
    bodyMd:
      "@Achieng two of our four carers are mothers who used the crèche themselves and have since left prostitution; the mothers trust them. Everyone starts with a month of evenings alongside an experienced carer before doing a full night, and nobody works more than three nights in a row.",
  },

  // Truck stops (Malawi) and its French translation
  {
    key: "truck-stops-owners",
    practice: "malawi-truck-stops",
    author: "achieng",
    language: "en",
    bodyMd:
      "On the Kenyan coast the equivalent is the guest houses near the beaches. Talking with bar owners, not only with the girls, is the step we missed for years. How do you keep peer educators safe when an owner is hostile?",
  },
  {
    key: "truck-stops-owners-reply",
    practice: "malawi-truck-stops",
    author: "tamanda",
    replyTo: "truck-stops-owners",
    language: "en",
    bodyMd:
      "@Achieng they never go alone: always in pairs, and never after dark without a staff member. When an owner is hostile we stop visiting that bar and leave it to the community watch group and the police. A peer educator is never the person who reports.",
  },
  {
    key: "truck-stops-drivers",
    practice: "malawi-truck-stops",
    author: "pramila",
    language: "en",
    bodyMd: "The drivers interest us most. At the border we see the same long-distance trucks every week. Have any drivers become allies who alert your team?",
  },
  {
    key: "truck-stops-drivers-reply",
    practice: "malawi-truck-stops",
    author: "chisomo",
    replyTo: "truck-stops-drivers",
    language: "en",
    bodyMd:
      "A handful, yes. We trained a few drivers who are respected at their depot, and they now talk to the others about the law and about what exploitation does to girls. They contact our outreach staff, never a girl directly. @Pramila, happy to share the short session we use with them.",
  },
  {
    key: "truck-stops-fr-merci",
    practice: "malawi-truck-stops-fr",
    author: "claire",
    language: "fr",
    bodyMd:
      "Merci @Karim pour la traduction ! Nous allons la diffuser aux associations francophones du réseau : les grands axes de transport posent partout les mêmes questions, et le travail avec les chauffeurs est encore rare chez nous.",
  },

  // Police training (Malawi)
  {
    key: "police-courts",
    practice: "malawi-police",
    author: "marta",
    language: "en",
    bodyMd:
      "Building the training around anonymised cases from your own work is a good idea. Did you also work with court staff on how victims are treated at hearings? In Spain that is where many women give up.",
  },
  {
    key: "police-courts-reply",
    practice: "malawi-police",
    author: "tamanda",
    replyTo: "police-courts",
    language: "en",
    bodyMd:
      "Only with court clerks so far, on keeping a victim's identity out of public records. Magistrates are next: @Chisomo is negotiating a session with the judiciary's training unit for next year.",
  },

  // Shelter (Mongolia) and its Mongolian translation
  {
    key: "shelter-leaving",
    practice: "mongolia-shelter",
    author: "karim",
    language: "fr",
    bodyMd:
      "Comment préparez-vous la sortie du foyer ? À Lyon, le moment le plus fragile est le passage de l'hébergement à un logement autonome : c'est souvent là que les réseaux reprennent contact.",
  },
  {
    key: "shelter-leaving-reply",
    practice: "mongolia-shelter",
    author: "oyuna",
    replyTo: "shelter-leaving",
    language: "en",
    bodyMd:
      "@Karim we agree, leaving is the most fragile moment. Girls now move first to a semi-independent flat we rent near the shelter, with a staff member visiting every day, for three to six months. Returns to exploitation dropped after we started it.",
  },
  {
    key: "shelter-mn-thanks",
    practice: "mongolia-shelter-mn",
    author: "oyuna",
    language: "mn",
    bodyMd: "@Nomin, орчуулсанд баярлалаа. Шинэ ажилтнууд болон сайн дурынхантай уулзахдаа бид энэ хувилбарыг ашиглана.",
  },

  // Border interception (Nepal) and its Nepali translation
  {
    key: "border-staff-care",
    practice: "nepal-border",
    author: "chisomo",
    language: "en",
    bodyMd: "Survivors staffing the interception points is what convinces me most. How do you prepare them for the moment a girl they stop reminds them of what they went through themselves?",
  },
  {
    key: "border-staff-care-reply",
    practice: "nepal-border",
    author: "sabina",
    replyTo: "border-staff-care",
    language: "en",
    bodyMd:
      "Training first, then a month alongside an experienced colleague, and a weekly debrief with a counsellor. Anyone can ask to move to a desk role for a while with no loss of pay. @Achieng, the right to step back in your peer support circles inspired that rule.",
  },
  {
    key: "border-ne-thanks",
    practice: "nepal-border-ne",
    author: "sabina",
    language: "ne",
    bodyMd: "अनुवादका लागि धन्यवाद, @Pramila। अब नाकामा काम गर्न आउने नयाँ साथीहरूलाई तालिममा यही संस्करण दिन सकिन्छ।",
  },

  // Training and small loans (Nepal)
  {
    key: "loans-savings",
    practice: "nepal-loans",
    author: "mitali",
    language: "en",
    bodyMd: "Our jewellery graduates face the same gap between skills and capital. Rescheduling early and without penalty is wise. Do borrowers also save into a group fund, or only repay?",
  },
  {
    key: "loans-savings-reply",
    practice: "nepal-loans",
    author: "sabina",
    replyTo: "loans-savings",
    language: "en",
    bodyMd: "@Mitali only repay for now, but the graduates asked for a savings group and we are trying one with two groups of graduates in Pokhara this year.",
  },

  // Exit pathway (France)
  {
    key: "pathway-landlords",
    practice: "france-pathway-en",
    author: "marta",
    language: "en",
    bodyMd: "The sliding lease is exactly what we lack in Seville. How did you persuade the social landlords to sign the first agreement?",
  },
  {
    key: "pathway-landlords-reply",
    practice: "france-pathway-en",
    author: "claire",
    replyTo: "pathway-landlords",
    language: "fr",
    bodyMd:
      "@Marta nous avons commencé par un seul logement, avec l'association comme locataire en titre et une garantie de loyer financée par une fondation. Après un an sans aucun impayé, le bailleur a accepté d'en ouvrir d'autres. (Je réponds en français, @Karim pourra traduire si besoin.)",
  },

  // Peer support circles (Kenya)
  {
    key: "circles-paid",
    practice: "kenya-circles",
    author: "oyuna",
    language: "en",
    bodyMd: "Thank you for saying so plainly that facilitators must be paid. We are setting up a survivor advisory group at the shelter and will budget for it from the start.",
  },
  {
    key: "circles-paid-reply",
    practice: "kenya-circles",
    author: "achieng",
    replyTo: "circles-paid",
    language: "en",
    bodyMd: "@Oyuna glad it helps. Write to us before you start: two of our facilitators would gladly join a call with your group.",
  },
  {
    key: "circles-france",
    practice: "kenya-circles",
    author: "claire",
    language: "fr",
    bodyMd:
      "Nous animons des groupes de parole depuis deux ans, mais sans animatrices survivantes. Votre conseil — s'associer à un groupe mené par des survivantes plutôt que d'animer seules — nous fait réfléchir pour la rentrée.",
  },
];

export const DEMO_ENDORSEMENTS: DemoEndorsement[] = [
  { practice: "kolkata-catering", member: "sabina", note: "We run a cooking course in Pokhara too, and will try your tasting lunches to win the first office clients." },
  { practice: "kolkata-catering", member: "oyuna", note: "" },
  { practice: "kolkata-catering", member: "lucia", note: "A clear model of income that makes exit possible: training, equipment and first orders together." },
  { practice: "kolkata-catering", member: "achieng", note: "" },
  { practice: "kolkata-creche", member: "achieng", note: "Mothers in our circles ask for this. Letting the mothers set the rules is the lesson we will keep." },
  { practice: "kolkata-creche", member: "marta", note: "" },
  { practice: "kolkata-workshops", member: "pramila", note: "Paying trainees per piece from the first month is what our sewing graduates in Nepal were missing." },
  { practice: "malawi-truck-stops", member: "pramila", note: "We see the same long-distance trucks at the Nepal–India border, and will add drivers to our outreach." },
  { practice: "malawi-truck-stops", member: "achieng", note: "" },
  { practice: "malawi-truck-stops", member: "claire", note: "" },
  { practice: "malawi-police", member: "sabina", note: "We trained border police in Nepal the same way, around real cases, and it changed how victims are treated." },
  { practice: "malawi-police", member: "lucia", note: "" },
  { practice: "malawi-child-marriage", member: "achieng", note: "" },
  { practice: "mongolia-shelter", member: "karim", note: "Nous faisons la même chose à Lyon : la sortie du foyer se prépare des mois à l'avance." },
  { practice: "mongolia-shelter", member: "sabina", note: "" },
  { practice: "mongolia-shelter", member: "mitali", note: "" },
  { practice: "mongolia-baking", member: "sharmin", note: "We run this in Kolkata too, and the internship in a real kitchen was what made the difference." },
  { practice: "mongolia-baking", member: "tamanda", note: "" },
  { practice: "mongolia-baking", member: "pramila", note: "" },
  { practice: "nepal-border", member: "chisomo", note: "We work at two border posts in Malawi as well, and survivors on the team changed how girls respond to us." },
  { practice: "nepal-border", member: "tamanda", note: "" },
  { practice: "nepal-border", member: "lucia", note: "" },
  { practice: "nepal-homes", member: "oyuna", note: "Our shelter also separates first nights from long stays; it calmed the whole house." },
  { practice: "nepal-homes", member: "karim", note: "" },
  { practice: "nepal-loans", member: "mitali", note: "The survivor on the loan committee is an idea we will bring to Kolkata." },
  { practice: "france-pathway", member: "marta", note: "One caseworker from the first request to a job: we work this way in Seville too, and it is what keeps women in the programme." },
  { practice: "kenya-circles", member: "oyuna", note: "" },
  { practice: "kenya-circles", member: "claire", note: "Nous voulons lancer des groupes de parole avec une association de survivantes, sur ce modèle." },
  { practice: "kenya-circles", member: "pramila", note: "" },
  { practice: "kenya-circles", member: "mitali", note: "" },
  { practice: "shared-curriculum", member: "lucia", note: "Comparing results across four countries is rare and valuable; the common follow-up questions belong in the handbook." },
];

export interface DemoHandbook {
  title: string;
  /** Markdown. */
  introMd: string;
  /** A curator; the handbook is published in their name. */
  curator: MemberKey;
  chapters: { title: string; introMd: string; entries: { practice: string; note: string }[] }[];
}

/** One published handbook, so that the handbooks pages, the print page and the export have something to show. */
export const DEMO_HANDBOOK: DemoHandbook = {
  title: "Routes out of prostitution: work, shelter, justice",
  introMd:
    "Practices that members endorsed most, chosen by the network's curators. Each entry is pinned to the revision the curators read; the practice's own page has its discussion and any later changes.",
  curator: "lucia",
  chapters: [
    {
      title: "Earning a living",
      introMd: "Training that ends in paid work, and the first income that makes leaving possible.",
      entries: [
        { practice: "kolkata-catering", note: "Training, equipment and first orders come together: the income starts before the training ends." },
        { practice: "mongolia-baking", note: "The internship in a working kitchen is what members in three other countries say made the difference." },
        { practice: "shared-curriculum", note: "One curriculum compared across four countries, with the follow-up questions every programme can reuse." },
      ],
    },
    {
      title: "A safe place and the law on your side",
      introMd: "Shelter that prepares the way out, and police and courts that treat survivors as victims.",
      entries: [
        { practice: "mongolia-shelter", note: "Leaving the shelter is prepared for months; read the discussion on the first weeks outside." },
        { practice: "nepal-homes", note: "Separating first nights from long stays, with the lessons on staffing." },
        { practice: "malawi-police", note: "Training built around real cases; adapted at the Nepal–India border too." },
      ],
    },
  ],
};

/**
 * The demo handbook in the network's other handbook languages, linked to the English one as
 * its language editions: title, intro, chapters and curators' notes translated (awaiting
 * native review, like the catalogues), each entry pinned to its translation in that language
 * where one exists. `extra` entries go at the end of a chapter in that edition only.
 */
export interface DemoHandbookEdition {
  language: "ne" | "bn" | "mn";
  title: string;
  introMd: string;
  chapters: { title: string; introMd: string; notes: string[]; extra?: { practice: string; note: string }[] }[];
}

export const DEMO_HANDBOOK_EDITIONS: DemoHandbookEdition[] = [
  {
    language: "ne",
    title: "वेश्यावृत्तिबाट बाहिर निस्कने बाटो: काम, आश्रय, न्याय",
    introMd: "सदस्यहरूले सबैभन्दा बढी समर्थन गरेका अभ्यासहरू, सञ्जालका क्युरेटरहरूले छानेका। प्रत्येक प्रविष्टि क्युरेटरहरूले पढेको संशोधनमा पिन गरिएको छ; अभ्यासको आफ्नै पृष्ठमा यसको छलफल र पछिका परिवर्तनहरू छन्।",
    chapters: [
      {
        title: "जीविकोपार्जन",
        introMd: "कामसम्म पुर्‍याउने तालिम, र छोड्न सम्भव बनाउने पहिलो आम्दानी।",
        notes: [
          "तालिम, उपकरण र पहिलो अर्डर सँगै आउँछन्: तालिम सकिनुअघि नै आम्दानी सुरु हुन्छ।",
          "काम चलिरहेको भान्सामा इन्टर्नसिप नै फरक ल्याउने कुरा हो भनी अन्य तीन देशका सदस्यहरू भन्छन्।",
          "चार देशमा तुलना गरिएको एउटै पाठ्यक्रम, हरेक कार्यक्रमले फेरि प्रयोग गर्न सक्ने अनुगमन प्रश्नहरूसहित।",
        ],
      },
      {
        title: "सुरक्षित ठाउँ र कानुन तपाईंको पक्षमा",
        introMd: "बाहिर निस्कने बाटो तयार गर्ने आश्रय, र बाँचेकाहरूलाई पीडितकै रूपमा व्यवहार गर्ने प्रहरी र अदालत।",
        notes: [
          "आश्रय छोड्ने तयारी महिनौंअघिदेखि हुन्छ; बाहिरका पहिला हप्ताबारेको छलफल पढ्नुहोस्।",
          "पहिला रातहरूलाई लामो बसाइबाट छुट्याउने, कर्मचारी व्यवस्थापनका पाठहरूसहित।",
          "वास्तविक मुद्दाहरूमा आधारित तालिम; नेपाल–भारत सिमानामा पनि अनुकूलन गरिएको।",
        ],
        extra: [{ practice: "nepal-border-ne", note: "खुला सिमानाका निगरानी बिन्दुहरू: यो नेपाली संस्करणमा मात्र।" }],
      },
    ],
  },
  {
    language: "bn",
    title: "পতিতাবৃত্তি থেকে বেরিয়ে আসার পথ: কাজ, আশ্রয়, ন্যায়বিচার",
    introMd: "সদস্যরা সবচেয়ে বেশি সমর্থন করেছেন এমন অনুশীলন, নেটওয়ার্কের কিউরেটররা বেছে নিয়েছেন। প্রতিটি অন্তর্ভুক্তি কিউরেটরদের পড়া সংশোধনে পিন করা; অনুশীলনের নিজের পাতায় তার আলোচনা ও পরের পরিবর্তন আছে।",
    chapters: [
      {
        title: "জীবিকা অর্জন",
        introMd: "যে প্রশিক্ষণ বেতনের কাজে গিয়ে শেষ হয়, আর প্রথম আয় যা বেরিয়ে আসা সম্ভব করে।",
        notes: [
          "প্রশিক্ষণ, সরঞ্জাম আর প্রথম অর্ডার একসঙ্গে আসে: প্রশিক্ষণ শেষ হওয়ার আগেই আয় শুরু হয়।",
          "চালু রান্নাঘরে ইন্টার্নশিপই পার্থক্য গড়েছে, বলছেন আরও তিন দেশের সদস্যরা।",
          "চার দেশে তুলনা করা একটি পাঠ্যক্রম, প্রতিটি কর্মসূচি আবার ব্যবহার করতে পারে এমন অনুসরণ-প্রশ্নসহ।",
        ],
      },
      {
        title: "নিরাপদ আশ্রয় আর আইন আপনার পাশে",
        introMd: "যে আশ্রয় বেরোনোর পথ তৈরি করে, আর পুলিশ ও আদালত যারা বেঁচে ফেরা মানুষদের ভুক্তভোগী হিসেবে দেখে।",
        notes: [
          "আশ্রয় ছাড়ার প্রস্তুতি চলে কয়েক মাস ধরে; বাইরের প্রথম সপ্তাহগুলো নিয়ে আলোচনাটি পড়ুন।",
          "প্রথম রাতগুলোকে দীর্ঘ থাকা থেকে আলাদা করা, কর্মী ব্যবস্থাপনার শিক্ষাসহ।",
          "বাস্তব মামলাকে ঘিরে তৈরি প্রশিক্ষণ; নেপাল–ভারত সীমান্তেও মানিয়ে নেওয়া হয়েছে।",
        ],
      },
    ],
  },
  {
    language: "mn",
    title: "Биеэ үнэлэхээс гарах зам: ажил, хоргодох байр, шударга ёс",
    introMd:
      "Гишүүдийн хамгийн их дэмжсэн туршлагууд, сүлжээний куратор нарын сонгосон. Оруулга бүр куратор нарын уншсан засварт бэхлэгдсэн; туршлагын өөрийн хуудсанд хэлэлцүүлэг болон дараагийн өөрчлөлтүүд бий.",
    chapters: [
      {
        title: "Амьжиргаагаа залгуулах",
        introMd: "Цалинтай ажлаар төгсдөг сургалт, гарах боломжийг бүрдүүлдэг анхны орлого.",
        notes: [
          "Сургалт, тоног төхөөрөмж, анхны захиалга хамт ирдэг: орлого сургалт дуусахаас өмнө эхэлдэг.",
          "Ажиллаж буй гал тогоонд дадлага хийх нь шийдвэрлэх ач холбогдолтой байсан гэж өөр гурван орны гишүүд хэлдэг.",
          "Дөрвөн оронд харьцуулсан нэг сургалтын хөтөлбөр, хөтөлбөр бүр дахин ашиглаж болох дагалдах асуултуудтай.",
        ],
      },
      {
        title: "Аюулгүй газар ба хууль таны талд",
        introMd: "Гарах замыг бэлтгэдэг хоргодох байр, амьд үлдэгсдийг хохирогч гэж үздэг цагдаа, шүүх.",
        notes: [
          "Хоргодох байрнаас гарахад хэдэн сараар бэлтгэдэг; гадаа өнгөрүүлэх эхний долоо хоногуудын тухай хэлэлцүүлгийг уншаарай.",
          "Эхний шөнүүдийг урт хугацааны байрлалаас салгаж, ажилтнуудын талаарх сургамжтай.",
          "Бодит хэргүүд дээр суурилсан сургалт; Балба–Энэтхэгийн хил дээр ч мөн дасан зохицуулсан.",
        ],
      },
    ],
  },
];

/** Open nominations waiting for the curators: a handbook left to them to choose. */
export const DEMO_NOMINATIONS: { practice: string; member: MemberKey; reason: string }[] = [
  { practice: "nepal-loans", member: "mitali", reason: "A survivor on the loan committee is an idea every income programme could use." },
  { practice: "kenya-circles", member: "claire", reason: "Paid peer facilitators from a survivors' association: the model we want to copy in France." },
];
