"""What residents and professionals tell the CCAS team: "Signaler une erreur" on a listing and
"Proposer un lieu". Both are stored for the administrators to check; nothing reaches a public
page until someone of the team has acted on it.
"""
