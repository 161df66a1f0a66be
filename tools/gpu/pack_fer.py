#!/usr/bin/env python3
"""Packs a FER-2013 folder tree (<root>/{train,val}/<class>/*.jpg) into one file of the images'
bytes and an index, to carry it to a GPU machine for fer_teachers.py. Usage: pack_fer.py ROOT OUT"""
import os
import sys

root, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
off = 0
with open(os.path.join(out, "images.bin"), "wb") as blob, open(os.path.join(out, "index.tsv"), "w") as idx:
    for split in ("train", "val"):
        for cls in sorted(os.listdir(os.path.join(root, split))):
            d = os.path.join(root, split, cls)
            for name in sorted(os.listdir(d)):
                data = open(os.path.join(d, name), "rb").read()
                blob.write(data)
                idx.write(f"{split}\t{cls}\t{name}\t{off}\t{len(data)}\n")
                off += len(data)
print(f"{off / 1e6:.1f} MB")
