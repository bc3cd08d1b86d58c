"""The whole team as one JSON file (a bundle): export, and a new team made of one."""
