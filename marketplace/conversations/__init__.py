"""Conversations between an enterprise and a university: answers to needs, questions about patents."""
