/** Server commands (being written). */
export {};
