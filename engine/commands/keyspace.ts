/** keyspace commands (being written). */
export {};
