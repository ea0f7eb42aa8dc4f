package dev.maintenance4j.example;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/** The orders API: reads pass in read-only maintenance, writes and exports do not. */
@RestController
@RequestMapping("/api")
public class OrdersController {

    private final Map<Long, Order> orders = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Clock clock;

    public OrdersController(Clock clock) {
        this.clock = clock;
    }

    /**
     * A new order.
     *
     * @param item     what
     * @param quantity how many
     */
    public record NewOrder(String item, int quantity) {}

    @GetMapping("/orders")
    public List<Order> list() {
        return orders.values().stream()
                .sorted(Comparator.comparingLong(Order::id))
                .toList();
    }

    @GetMapping("/orders/{id}")
    public Order get(@PathVariable long id) {
        Order order = orders.get(id);
        if (order == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no order " + id);
        }
        return order;
    }

    @PostMapping("/orders")
    @ResponseStatus(HttpStatus.CREATED)
    public Order create(@RequestBody NewOrder request) {
        if (request.item() == null || request.item().isBlank() || request.quantity() < 1) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, "an order needs an item and a quantity of at least 1");
        }
        long id = ids.incrementAndGet();
        Order order = new Order(id, request.item().strip(), request.quantity(), clock.instant());
        orders.put(id, order);
        return order;
    }

    @DeleteMapping("/orders/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void delete(@PathVariable long id) {
        orders.remove(id);
    }

    /**
     * The heavy operation: an export that takes a while (classified EXPORT, blocked in read-only mode). It waits
     * without holding a thread, so it runs the same on Spring MVC and on WebFlux's event loop.
     */
    @PostMapping("/reports/export")
    public Mono<Map<String, Object>> export(@RequestParam(defaultValue = "0") long millis) {
        return Mono.delay(Duration.ofMillis(Math.min(millis, 60_000)))
                .map(done -> Map.<String, Object>of(
                        "orders", orders.size(), "exportedAt", clock.instant().toString()));
    }
}
