/** expire commands (being written). */
export {};
