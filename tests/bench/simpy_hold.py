"""The hold model in SimPy, for the engine benchmark's comparison: N processes, each waiting an
exponential time and rescheduling, until EVENTS events have fired. Prints events per second.

Usage: /usr/bin/python3 simpy_hold.py EVENTS N
"""
import random
import sys
import time

import simpy


def hold(env, rng):
    while True:
        yield env.timeout(rng.expovariate(1.0))


def main():
    events, processes = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(12345)
    env = simpy.Environment()
    started = time.perf_counter()
    for _ in range(processes):
        env.process(hold(env, rng))
    # Each process's start and each timeout is one event; step() fires one.
    for _ in range(events):
        env.step()
    elapsed = time.perf_counter() - started
    print(f"{events / elapsed:.3e}")


if __name__ == "__main__":
    main()
