// A minimal typed event source implementing Subscribable<T>: one listener throwing does not starve the others.
import type { Subscribable } from './api';

export class Emitter<T> implements Subscribable<T> {
  private readonly listeners = new Set<(value: T) => void>();

  constructor(private readonly onListenerError: (error: unknown) => void = (error) => console.error(error)) {}

  subscribe(listener: (value: T) => void): () => void {
    // Wrap so that the same function subscribed twice gets two independent subscriptions.
    const entry = (value: T) => listener(value);
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  emit(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
