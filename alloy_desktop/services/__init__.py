"""Use-cases per domain over the store and the domain core; ORM objects never leave here."""
