/** Days of the week, in order from monday (the calendar of daily curves and clock times). */
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
