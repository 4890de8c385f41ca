/** bitmap commands (being written). */
export {};
