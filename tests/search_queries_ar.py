"""What people type in Arabic on the Arabic pages, and the needs that answer it.

Standard Arabic and dialect, with or without the article, prefixes or short vowels, several
words, as typed on a phone. Each query maps to need slugs: a top-5 result serving any counts.
"""

QUERIES: list[tuple[str, set[str]]] = [
    # Se nourrir
    ("طعام", {"alimentation"}),
    ("أكل مجاني", {"alimentation"}),
    ("أين أجد الطعام", {"alimentation"}),
    ("انا جوعان", {"alimentation"}),
    ("سلة غذائية", {"alimentation"}),
    ("وجبة ساخنة", {"alimentation"}),
    ("حليب للأطفال", {"alimentation", "famille"}),
    # Droits, papiers
    ("إقامة", {"acces-aux-droits"}),
    ("بطاقة الإقامة", {"acces-aux-droits"}),
    ("أوراق الإقامة", {"acces-aux-droits"}),
    ("طلب لجوء", {"acces-aux-droits"}),
    ("محامي مجاني", {"acces-aux-droits"}),
    ("اريد محامي", {"acces-aux-droits"}),
    ("مساعدة قانونية", {"acces-aux-droits"}),
    ("فهم رسالة", {"acces-aux-droits"}),
    # Se loger, urgence
    ("سكن", {"logement", "urgence-sociale"}),
    ("ابحث عن شقة للكراء", {"logement"}),
    ("مأوى", {"urgence-sociale"}),
    ("مكان للنوم الليلة", {"urgence-sociale"}),
    ("نايم في الشارع", {"urgence-sociale"}),
    ("دوش", {"urgence-sociale"}),
    ("ملابس", {"urgence-sociale"}),
    ("حوايج للشتاء", {"urgence-sociale"}),
    # Santé
    ("طبيب", {"sante"}),
    ("دكتور بالمجان", {"sante"}),
    ("طبيب اسنان", {"sante"}),
    ("اكتئاب", {"sante"}),
    ("أنا حامل", {"sante", "famille"}),
    # Budget
    ("فاتورة الكهرباء", {"budget"}),
    ("ديون", {"budget"}),
    ("فتح حساب بنكي", {"budget"}),
    # Emploi, français
    ("عمل", {"emploi-formation"}),
    ("ابحث عن شغل", {"emploi-formation"}),
    ("دروس الفرنسية", {"emploi-formation"}),
    ("تعلم اللغة الفرنسية", {"emploi-formation"}),
    ("سيرة ذاتية", {"emploi-formation"}),
    # Famille, numérique, seniors, handicap, déplacements
    ("حضانة للأطفال", {"famille"}),
    ("زوجي يضربني", {"famille"}),
    ("كمبيوتر", {"numerique"}),
    ("الانترنت", {"numerique"}),
    ("كبار السن", {"seniors"}),
    ("إعاقة", {"handicap"}),
    ("تذكرة الحافلة", {"mobilite"}),
    ("رخصة السياقة", {"mobilite"}),
    # Plus difficile : dialecte, sans espaces, fautes
    ("بغيت نخدم", {"emploi-formation"}),
    ("فين ناكل", {"alimentation"}),
    ("محتاج دكتورة للنساء", {"sante"}),
]
