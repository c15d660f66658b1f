"""Small reusable pieces of the user interface."""
