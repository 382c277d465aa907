-- wrk script for the end-to-end search benchmark (see the README's performance section):
-- cycles through everyday queries, popular ones more often, some with filters.
local queries = {
  "colis", "bouffe", "caf", "logement", "douche", "ordinateur", "colis", "115",
  "dossier%20caf", "apprendre%20le%20francais", "colis&gratuit=1", "rsa", "papiers",
  "logemant", "ordi%20pas%20cher", "mutuelle", "colis&quartier=fives", "dettes",
  "aide%20a%20domicile", "permis%20de%20conduire", "caf&sans_rdv=1", "fringues",
  "garde%20enfant", "violence%20conjugale", "emploi", "cv", "psy", "mdph", "repas",
  "titre%20de%20sejour", "colis", "bouffe", "caf", "douche",
}
local i = 0
request = function()
  i = i % #queries + 1
  return wrk.format("GET", "/recherche?q=" .. queries[i])
end
