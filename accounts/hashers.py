from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    """Argon2id at the strength OWASP recommends as a minimum (19 MiB of memory, two
    passes, one lane): about 0.07 s of one core per login, where PBKDF2 at a million
    iterations takes 0.5 s and Django's Argon2 defaults ask for 100 MiB per login. Hashes
    keep their parameters, so older ones still verify and are upgraded at the next login."""

    time_cost = 2
    memory_cost = 19 * 1024
    parallelism = 1
