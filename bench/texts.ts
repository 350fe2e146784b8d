// Word material for the large benchmark database: plausible write-up sentences in the
// scripts the members write (Latin, Devanagari, Bengali, Cyrillic). Invented; no person.

export const SENTENCES: Record<string, string[]> = {
  en: [
    "Outreach workers visit the truck stops every evening and offer a safe place to talk.",
    "The vocational training covers baking, sewing, hairdressing and basic bookkeeping.",
    "Girls who leave exploitation are accompanied to health services and legal aid.",
    "A night crèche lets mothers attend classes while their children sleep safely.",
    "Small loans help graduates start a stall, a tailoring shop or a catering unit.",
    "Peer educators who are survivors lead the weekly support circles.",
    "We train police officers on the anti-trafficking law and on referral.",
    "The shelter offers counselling, schooling and a plan for leaving.",
    "Job placement partners include bakeries, hotels and security companies.",
    "Community meetings with chiefs and mothers' groups help prevent child marriage.",
  ],
  fr: [
    "Les intervenantes vont à la rencontre des jeunes femmes dans les gares routières.",
    "La formation professionnelle comprend la pâtisserie, la couture et la coiffure.",
    "Un accompagnement global vers le logement et l’emploi est proposé à chaque personne.",
    "Les survivantes animent des groupes de parole chaque semaine.",
    "Les partenaires de l’insertion professionnelle accueillent des stagiaires.",
  ],
  ne: [
    "सीमा नाकामा हाम्रा कार्यकर्ताहरू किशोरीहरूलाई सुरक्षित रूपमा सोधपुछ गर्छन्।",
    "सिलाई, पसल सञ्चालन र खाना पकाउने तालिम छ महिना चल्छ।",
    "पुनर्स्थापना गृहमा परामर्श, पढाइ र स्वास्थ्य सेवा उपलब्ध छ।",
    "साना ऋणले तालिम पूरा गरेका युवतीहरूलाई व्यवसाय सुरु गर्न मद्दत गर्छ।",
  ],
  bn: [
    "আমাদের কর্মীরা লাল বাতি এলাকায় মেয়েদের সঙ্গে নিয়মিত দেখা করেন।",
    "সেলাই, গয়না তৈরি ও রান্নার প্রশিক্ষণ ছয় মাস ধরে চলে।",
    "রাতের ক্রেশে শিশুরা নিরাপদে ঘুমায় আর মায়েরা ক্লাসে যান।",
    "ভ্রাম্যমাণ ক্যাটারিং ইউনিট নারীদের নিয়মিত আয় দেয়।",
  ],
  mn: [
    "Хамгаалах байр охидод сэтгэл зүйн зөвлөгөө, сургалт, аюулгүй орчин олгодог.",
    "Мэргэжлийн сургалтад оёдол, үсчин, нарийн боов хийх хичээл ордог.",
    "Нийгмийн ажилтнууд гэр бүлтэй хамтран ажиллаж, хүүхдийг сургуульд буцаадаг.",
    "Хууль сахиулах байгууллагын ажилтнуудад хүн худалдаалахтай тэмцэх сургалт явуулдаг.",
  ],
};

export const TITLES: Record<string, string[]> = {
  en: [
    "Outreach at truck stops",
    "Bakery and pastry training",
    "Night crèche",
    "Small loans for graduates",
    "Survivor-led peer circles",
    "Police training on the trafficking law",
    "Shelter and counselling",
    "Job placement with partner employers",
  ],
  fr: ["Aller-vers dans les gares routières", "Formation en pâtisserie", "Accompagnement vers le logement", "Groupes de parole de survivantes"],
  ne: ["सीमा नाकामा निगरानी", "सिलाई तालिम", "पुनर्स्थापना गृह", "साना ऋण कार्यक्रम"],
  bn: ["রাতের ক্রেশ", "সেলাই প্রশিক্ষণ", "ভ্রাম্যমাণ ক্যাটারিং", "শিক্ষা কেন্দ্র"],
  mn: ["Охидын хамгаалах байр", "Мэргэжлийн сургалт", "Гэр бүлтэй хамтрах ажил", "Цагдаагийн сургалт"],
};

export const COMMENTS = [
  "How long does the training last, and who pays for the materials?",
  "We run something similar in Pokhara: the **key** was to involve the mothers from the start.",
  "Could you share the budget for the first year?",
  "Merci pour ce partage, nous allons essayer la même approche à Lyon.",
  "How do you keep the night staff from burning out?",
  "- We started with ten places\n- then grew to thirty",
  "हामी पनि यस्तै तालिम चलाउँछौं, धन्यवाद!",
  "আমরাও এই পদ্ধতি ব্যবহার করি, খুব কাজের।",
  "Бид ч бас ийм сургалт явуулдаг, баярлалаа.",
  "Which partners helped you with job placement?",
];
