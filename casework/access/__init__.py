"""The access policy (DESIGN.md section 5) and the one way views load what they show.

- `casework.access.policy` decides every permission, case or not: read it against the
  access table of DESIGN.md in one sitting. It imports no model, so the models' queryset
  methods can take their conditions from it.
- `casework.access.lookups` loads a case or a duplicate notice for a user through the
  policy, answering 404 for anything the user may not reach (docs/adr/0001).
"""
