"""The subcommands, one module each: ``register(subparsers)`` adds its parser, ``run(args)``.

Every module's ``register`` has the same shape (add_parser, arguments, set_defaults): a
deliberate parallel, so that each subcommand reads on its own.
"""
