/** hash commands (being written). */
export {};
