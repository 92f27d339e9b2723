from stacksleuth.cli import main

main()
