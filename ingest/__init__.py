"""Reading reports and turning them into facts: load -> normalize -> nlp -> extract -> resolve."""
