from wijkraad.cli import main

main()
