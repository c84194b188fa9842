from govnet.cli import main

main()
