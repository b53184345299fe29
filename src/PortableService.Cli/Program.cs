// Placeholder entry point so the solution builds before the CLI issue lands; the CLI issue replaces this file.
return 0;
