/* The library version: the one place every package file reads it from. */
#ifndef USRDTU_VERSION_H
#define USRDTU_VERSION_H

#define USRDTU_VERSION_MAJOR 0
#define USRDTU_VERSION_MINOR 1
#define USRDTU_VERSION_PATCH 0
#define USRDTU_VERSION_STRING "0.1.0"

#endif /* USRDTU_VERSION_H */
