from govnet.cli.app import main

main()
