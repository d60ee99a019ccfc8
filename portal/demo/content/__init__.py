"""Bilingual demo content: editorial pages (``content.pages``) and news (``content.news``)."""
