"""Rendering shared by all apps: tables to CSV and XLSX, HTML to PDF."""
