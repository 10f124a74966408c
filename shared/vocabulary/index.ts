/** The one table of the programme's words and date formats (issue 14): import from here. */
export * from './dates';
export * from './labels';
