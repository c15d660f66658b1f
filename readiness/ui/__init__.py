"""The Streamlit user interface: pages and small components. The only package that imports
streamlit. Pages call the core (loading, scoring, store) and render its results."""
