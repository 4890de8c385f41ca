/** set commands (being written). */
export {};
