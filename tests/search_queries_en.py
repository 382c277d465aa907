"""What people type in English on the English pages, and the needs that answer it.

Written as people type on a phone (lower case, typos, several words, slang), not copied from
the synonyms file. Each query maps to need slugs: a top-5 result serving any of them counts.
"""

QUERIES: list[tuple[str, set[str]]] = [
    # Food
    ("free food", {"alimentation"}),
    ("where can i get food", {"alimentation"}),
    ("food bank near me", {"alimentation"}),
    ("im hungry", {"alimentation"}),
    ("hot meal tonight", {"alimentation", "urgence-sociale"}),
    ("baby formula", {"alimentation", "famille"}),
    ("cheap groceries", {"alimentation"}),
    # Rights, papers
    ("residence permit", {"acces-aux-droits"}),
    ("help with my papers", {"acces-aux-droits"}),
    ("asylum seeker", {"acces-aux-droits"}),
    ("free lawyer", {"acces-aux-droits"}),
    ("legal advise", {"acces-aux-droits"}),
    ("i got a letter i dont understand", {"acces-aux-droits"}),
    ("social worker", {"acces-aux-droits"}),
    ("family allowance", {"acces-aux-droits"}),
    # Housing, emergency
    ("housing", {"logement", "urgence-sociale"}),
    ("looking for a flat to rent", {"logement"}),
    ("evicted from my apartment", {"logement"}),
    ("shelter for tonight", {"urgence-sociale"}),
    ("homeless", {"urgence-sociale"}),
    ("somewhere to sleep", {"urgence-sociale"}),
    ("where can i take a shower", {"urgence-sociale"}),
    ("clothes", {"urgence-sociale"}),
    ("warm coat for winter", {"urgence-sociale"}),
    ("do my laundry", {"urgence-sociale"}),
    # Health
    ("doctor", {"sante"}),
    ("see a docter for free", {"sante"}),
    ("dentist", {"sante"}),
    ("feeling depressed need to talk", {"sante"}),
    ("health insurance", {"sante"}),
    ("pregnant", {"sante", "famille"}),
    # Money
    ("can't pay my electricity bill", {"budget"}),
    ("debts", {"budget"}),
    ("open a bank account", {"budget"}),
    # Work, French
    ("job", {"emploi-formation"}),
    ("looking for work", {"emploi-formation"}),
    ("french lessons", {"emploi-formation"}),
    ("learn french", {"emploi-formation"}),
    ("help writing my cv", {"emploi-formation"}),
    # Family, digital, seniors, getting around
    ("childcare", {"famille"}),
    ("domestic violence", {"famille"}),
    ("homework help for my kids", {"famille"}),
    ("computer class", {"numerique"}),
    ("internet access", {"numerique"}),
    ("help with my smartphone", {"numerique"}),
    ("elderly care", {"seniors"}),
    ("wheelchair", {"handicap"}),
    ("bus pass", {"mobilite"}),
    ("driving licence", {"mobilite"}),
    ("bike repair", {"mobilite"}),
    # Harder: one-word spellings, slang, typos
    ("wheres the nearest foodbank", {"alimentation"}),
    ("need a place to crash tonite", {"urgence-sociale"}),
    ("free wifi", {"numerique"}),
    ("cheap dentist", {"sante"}),
    ("housing benifits", {"acces-aux-droits", "logement"}),
]
