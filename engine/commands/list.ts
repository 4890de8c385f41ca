/** list commands (being written). */
export {};
