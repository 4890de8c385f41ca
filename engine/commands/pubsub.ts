/** pubsub commands (being written). */
export {};
