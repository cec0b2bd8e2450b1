"""The Streamlit dashboard: thin pages over the libraries. The only package that imports streamlit."""
