"""Everything SQL lives here: opening the file, migrations, and one repository per kind of thing."""
