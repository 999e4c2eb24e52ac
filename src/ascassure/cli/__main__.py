from ascassure.cli import main

raise SystemExit(main())
