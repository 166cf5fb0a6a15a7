"""Prints where the tgc package is imported from."""
import tgc

print(tgc.__file__)
