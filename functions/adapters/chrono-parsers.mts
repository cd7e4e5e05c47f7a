/**
 * The two chrono-node locales the line reads, as one module for date-parsers.ts to import
 * dynamically: importing 'chrono-node' itself dynamically would keep every locale it ships.
 */
export { en, es } from 'chrono-node';
