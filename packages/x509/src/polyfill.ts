/**
 * @peculiar/x509 decorates its classes with `Reflect.metadata`, so `reflect-metadata` must be loaded
 * before it. This module is the one place that side effect happens; every module using
 * @peculiar/x509 imports it first. (It adds `Reflect.metadata` and friends to the global `Reflect`.)
 */
import 'reflect-metadata';
