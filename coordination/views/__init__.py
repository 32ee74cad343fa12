"""The coordinators' pages, one module per concern. Every page of an organisation
goes through `common.coordinated`, which answers 404 to anyone who does not
coordinate it."""
