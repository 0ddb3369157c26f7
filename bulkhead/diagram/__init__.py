"""The architecture picture of a plan: roles of resource types, the graph they form, Mermaid output."""
