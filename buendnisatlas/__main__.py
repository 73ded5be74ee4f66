from buendnisatlas.api.cli import main

main()
